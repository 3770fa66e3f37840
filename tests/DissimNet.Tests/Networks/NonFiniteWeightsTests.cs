using DissimNet.Networks;
using DissimNet.Networks.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks;

/// <summary>A weights file with a NaN or infinite parameter is refused, naming the file and the parameter.</summary>
public sealed class NonFiniteWeightsTests() : TempFolderTests("weights")
{
    static StagedNetwork SmallAlexNet() => NetworkZoo.TorchVision("alexnet", new AlexNet(numClasses: 10, channels: [8, 12, 16, 12, 12], hidden: 32),
        m => m.Stages(), AlexNet.Aliases, 96);

    /// <summary>The small AlexNet fixture's state dict with two values of one parameter made non-finite.</summary>
    static Dictionary<string, Tensor> Damaged(string key)
    {
        var dict = StateDictFile.Read(TestPaths.Fixture("alexnet_small.pth"));
        var damaged = dict[key].clone();
        damaged.view(-1)[1] = float.NaN;
        damaged.view(-1)[3] = float.NegativeInfinity;
        dict[key] = damaged;
        return dict;
    }

    [Fact]
    public void SafetensorsWithANaNParameterAreRefused()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "nan.safetensors");
        using (var stream = File.Create(path)) Safetensors.SaveStateDict(stream, Damaged("features.3.weight"));
        using var network = SmallAlexNet();
        var error = Assert.Throws<DissimNetException>(() => StateDictFile.Load(network.Module, path, "alexnet"));
        Assert.Equal($"{path}: parameter 'features.3.weight' has 2 NaN or infinite values (of {12 * 8 * 5 * 5}); weights must be finite", error.Message);
    }

    [Fact]
    public void PyTorchFileWithAnInfiniteParameterIsRefused()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "inf.pth");
        using (var stream = File.Create(path)) PyTorchPickler.PickleStateDict(stream, Damaged("classifier.4.bias"));
        var error = Assert.Throws<DissimNetException>(() => StateDictFile.Read(path));
        Assert.Equal($"{path}: parameter 'classifier.4.bias' has 2 NaN or infinite values (of 32); weights must be finite", error.Message);
    }
}
