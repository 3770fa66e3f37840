using DissimNet.Networks;
using DissimNet.Networks.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks;

/// <summary>A PyTorch-saved AlexNet-naming state dict loads unchanged and reproduces PyTorch's outputs at every layer.</summary>
public class AlexNetStateDictTests
{
    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    static ITappableNetwork SmallAlexNet() => NetworkZoo.TorchVision("alexnet", new AlexNet(numClasses: 10, channels: [8, 12, 16, 12, 12], hidden: 32),
        m => m.Stages(), AlexNet.Aliases, 96);

    [Fact]
    public void PyTorchOutputsAreReproducedAtEveryLayer()
    {
        using var network = SmallAlexNet();
        StateDictFile.Load(network.Module, Fixture("alexnet_small.pth"), "alexnet");
        network.Module.eval();
        var expected = StateDictFile.Read(Fixture("alexnet_small_outputs.pth"));
        using var noGrad = no_grad();
        var outputs = network.Forward(expected["input"], network.Layers.ToList());
        Assert.Equal(21, network.Layers.Count);
        foreach (var layer in network.Layers)
            EmbeddedResNet18OracleTests.AssertClose(expected[layer].data<float>().ToArray(), outputs[layer].contiguous().data<float>().ToArray(), layer, 1e-5);
        // Aliases name the ReLU outputs.
        var fc7 = network.Forward(expected["input"], ["fc7"])["fc7"];
        Assert.True(allclose(fc7, outputs["classifier.5"]));
    }

    [Fact]
    public void SafetensorsRoundTripGivesIdenticalWeights()
    {
        using var original = SmallAlexNet();
        StateDictFile.Load(original.Module, Fixture("alexnet_small.pth"), "alexnet");
        var path = Path.Combine(Path.GetTempPath(), $"dissimnet-{Environment.ProcessId}-alexnet_small.safetensors");
        StateDictFile.SaveSafetensors(original.Module, path);
        using var copy = SmallAlexNet();
        StateDictFile.Load(copy.Module, path, "alexnet");
        var a = original.Module.state_dict();
        foreach (var (key, value) in copy.Module.state_dict())
            Assert.True(allclose(a[key], value, 0, 0), key);
        var fromPth = StateDictFile.Read(Fixture("alexnet_small.pth"));
        var fromSafetensors = StateDictFile.Read(path);
        Assert.Equal(fromPth.Keys.Order(), fromSafetensors.Keys.Order());
    }

    [Fact]
    public void MissingKeyIsNamed()
    {
        using var network = SmallAlexNet();
        var dict = StateDictFile.Read(Fixture("alexnet_small.pth"));
        dict.Remove("classifier.4.bias");
        var error = Assert.Throws<DissimNetException>(() => StateDictFile.Apply(network.Module, dict, "weights.pth", "alexnet"));
        Assert.Contains("missing key 'classifier.4.bias'", error.Message);
        Assert.Contains("weights.pth", error.Message);
    }

    [Fact]
    public void UnexpectedKeyIsNamed()
    {
        using var network = SmallAlexNet();
        var dict = StateDictFile.Read(Fixture("alexnet_small.pth"));
        dict["classifier.7.weight"] = zeros(3, 3);
        var error = Assert.Throws<DissimNetException>(() => StateDictFile.Apply(network.Module, dict, "weights.pth", "alexnet"));
        Assert.Contains("unexpected key 'classifier.7.weight'", error.Message);
    }

    [Fact]
    public void WrongShapeIsNamedWithBothShapes()
    {
        using var network = SmallAlexNet();
        var error = Assert.Throws<DissimNetException>(() =>
            NetworkZoo.Create("alexnet", Fixture("alexnet_small.pth")));   // full-width AlexNet, small weights
        Assert.Contains("key 'features.0.weight' has shape 8 x 3 x 11 x 11 but alexnet expects 64 x 3 x 11 x 11", error.Message);
    }

    [Fact]
    public void ModulePrefixFromDataParallelIsAccepted()
    {
        using var network = SmallAlexNet();
        var dict = StateDictFile.Read(Fixture("alexnet_small.pth")).ToDictionary(kv => "module." + kv.Key, kv => kv.Value);
        StateDictFile.Apply(network.Module, dict, "weights.pth", "alexnet");
        Assert.True(allclose(network.Module.state_dict()["features.0.weight"], dict["module.features.0.weight"], 0, 0));
    }

    [Fact]
    public void PickleThatAsksToRunCodeIsRejectedWithoutRunningIt()
    {
        const string marker = "/tmp/dissimnet-pickle-ran-code";
        File.Delete(marker);
        using var network = SmallAlexNet();
        var error = Assert.Throws<DissimNetException>(() => StateDictFile.Load(network.Module, Fixture("pickle_runs_code.pth"), "alexnet"));
        Assert.Contains("pickle_runs_code.pth", error.Message);
        Assert.False(File.Exists(marker));
    }
}
