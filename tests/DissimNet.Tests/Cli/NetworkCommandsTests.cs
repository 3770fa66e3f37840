using System.CommandLine;
using DissimNet.Cli;
using DissimNet.Cli.Commands;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Rdms;

namespace DissimNet.Tests.Cli;

/// <summary>The layers, rdm and weights commands end to end, in process.</summary>
public class NetworkCommandsTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliHarness.Run(args);

    static string Temp(string name) => Path.Combine(Path.GetTempPath(), $"dissimnet-{Environment.ProcessId}-{name}");

    [Fact]
    public void RdmWritesOneVariablePerLayerAndTheLayerNamesAndEqualsTheLibrary()
    {
        // Four images: the first four stimuli, as a .npy the command reads like any array spec.
        var all = DataSpec.LoadArray(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
        var four = new NdArray([4, 175, 175, 3], ((byte[])all.Data)[..(4 * 175 * 175 * 3)], ElementType.UInt8);
        var images = Temp("four.npy");
        Npy.Write(images, four);
        var output = Temp("four-rdms.mat");
        var (code, stdout, stderr) = Run("rdm", "--images", images, "--model", "resnet18-imagenet", "--layers", "relu,stage4,Pooling395_Output_0", "--out", output, "--batch", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("3 layer RDMs of 4 images", stdout);
        Assert.Equal(["relu", "stage4", "Pooling395_Output_0"], DataSpec.LoadStrings(output + ":layers"));
        var stage4 = DataSpec.LoadArray(output + ":stage4");
        Assert.Equal([4, 4], stage4.Shape);

        using var network = NetworkZoo.Create("resnet18-imagenet");
        var expected = NetworkRdms.Compute(network, four, ["stage4"], batchSize: 4)[0].Rdm.ToSquare();
        var actual = stage4.ToDoubleArray();
        for (int i = 0; i < 16; i++) Assert.Equal(expected[i], actual[i], 6);
        Assert.Equal(0, actual[0]);
    }

    [Fact]
    public void LayersListsShapesAndAliases()
    {
        var (code, stdout, stderr) = Run("layers", "--model", "resnet18-imagenet");
        Assert.True(code == 0, stderr);
        var nodes = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(EmbeddedResNet18.TrunkPath)).Graph.Node.Count;
        Assert.Contains($"{nodes} layers", stdout);   // one per node output
        var pool = stdout.Split('\n').Single(l => l.Contains("Pooling395_Output_0"));
        Assert.Contains("512 x 1 x 1", pool);
        Assert.Contains("avgpool", pool);
        var stem = stdout.Split('\n').Single(l => l.Contains("ReLU253_Output_0"));
        Assert.Contains("64 x 112 x 112", stem);
    }

    [Fact]
    public void WeightsConvertWritesSafetensorsThatLoadBack()
    {
        var output = Temp("r18.safetensors");
        var (code, stdout, stderr) = Run("weights", "convert", "--from", EmbeddedResNet18.TrunkPath, "--arch", "resnet18-imagenet", "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains("resnet18-imagenet", stdout);
        using var reloaded = NetworkZoo.Create("resnet18-imagenet", output);
        using var original = NetworkZoo.Create("resnet18-imagenet");
        var a = original.Module.state_dict();
        foreach (var (key, value) in reloaded.Module.state_dict())
            Assert.True(TorchSharp.torch.allclose(a[key], value, 0, 0), key);
    }

    [Fact]
    public void BadInputsGiveOneLineErrors()
    {
        var (code, _, stderr) = Run("rdm", "--images", "missing.npy", "--model", "resnet18-imagenet", "--out", Temp("x.mat"));
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr);
        (code, _, stderr) = Run("layers", "--model", "resnet18-imagenet", "--size", "300");
        Assert.Equal(2, code);
        Assert.Contains("input size must be 224", stderr);
        (code, _, stderr) = Run("layers", "--model", "googlenet");
        Assert.Equal(2, code);
        Assert.Contains("unknown architecture 'googlenet'", stderr);
    }
}
