using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Export;
using DissimNet.Tests.Networks;
using DissimNet.Tests.Networks.Export;
using DissimNet.Tests.Training;
using DissimNet.Training;
using Onnx;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DissimNet.Tests.Cli;

/// <summary><c>dissimnet export</c> after a real (tiny) training run of the embedded ResNet-18, checked with ONNX Runtime;
/// and <c>--device</c> on a CPU-only build.</summary>
public sealed class ExportCommandTests() : TempFolderTests("export-cli")
{
    /// <summary>Eight of the 92 stimuli and random subject RDMs; one epoch of training of stage4 with stage3 and before frozen.</summary>
    string TrainTinyRun(out NdArray images)
    {
        var all = DataSpec.LoadArray(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
        int per = 175 * 175 * 3;
        images = new NdArray([8, 175, 175, 3], ((byte[])all.Data)[(20 * per)..(28 * per)], ElementType.UInt8);
        var imagePath = Path.Combine(TempRoot, "images.npy");
        var targetPath = Path.Combine(TempRoot, "target.npy");
        Npy.Write(imagePath, images);
        Npy.Write(targetPath, TrainingFixtures.SubjectRdms(3, 8, seed: 5));
        var run = Path.Combine(TempRoot, "run");
        var (code, _, stderr) = CliHarness.Run("train", "--images", imagePath, "--target", targetPath, "--model", EmbeddedResNet18.Name,
            "--train-layer", "stage4", "--freeze", "upto:stage3", "--layers", "stage4,pool", "--holdout-fraction", "0.375", "--epochs", "1",
            "--batch", "5", "--lr", "0.05", "--seed", "2", "--device", "auto", "--out", run);
        Assert.True(code == 0, stderr);
        Assert.Contains("device auto: no CUDA device is available to this build, running on the CPU", stderr);
        Assert.Equal("cpu", TrainingSummary.Load(new RunFolder(run).SummaryPath).Device);
        return run;
    }

    [Fact]
    public void ExportedTrainedNetworkGivesDissimNetsFeaturesInOnnxRuntimeAndItsWeightsAsSafetensors()
    {
        var run = TrainTinyRun(out var images);
        using var pixels = ImageTensors.FromArray(images);

        // ONNX: the trained weights after epoch 1, up to stage4.
        var onnx = Path.Combine(TempRoot, "model.onnx");
        var (code, stdout, stderr) = CliHarness.Run("export", "--run", run, "--epoch", "1", "--layer", "stage4", "--out", onnx);
        Assert.True(code == 0, stderr);
        Assert.Contains("up to layer stage4, weights after epoch 1", stdout);
        float[] expected, pretrained;
        using var trained = TrainedRun.Open(run, "stage4", 1);
        using (var original = EmbeddedResNet18.Load())
        using (no_grad())
        {
            expected = trained.Network.Forward(trained.Network.Preprocess(pixels), ["stage4"])["stage4"].contiguous().data<float>().ToArray();
            pretrained = original.Forward(original.Preprocess(pixels), ["stage4"])["stage4"].contiguous().data<float>().ToArray();
        }
        var actual = OnnxExportOracleTests.RunExported(File.ReadAllBytes(onnx), pixels, 224);
        EmbeddedResNet18OracleTests.AssertClose(expected, actual, "stage4 of the trained run", 1e-4);
        Assert.NotEqual(pretrained, actual); // the export carries the trained weights, not the shipped ones

        // The default is the epoch and layer predict uses: the run's selected best.
        var summary = TrainingSummary.Load(new RunFolder(run).SummaryPath);
        var byDefault = Path.Combine(TempRoot, "default.onnx");
        (code, _, stderr) = CliHarness.Run("export", "--run", run, "--out", byDefault);
        Assert.True(code == 0, stderr);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(byDefault));
        Assert.Equal(summary.Best!.Layer, model.MetadataProps.Single(p => p.Key == "dissimnet.layer").Value);

        // safetensors: every initializer under its ONNX name, with the trained values.
        var weights = Path.Combine(TempRoot, "weights.safetensors");
        (code, stdout, stderr) = CliHarness.Run("export", "--run", run, "--epoch", "1", "--format", "safetensors", "--out", weights);
        Assert.True(code == 0, stderr);
        Assert.Contains("ONNX initializer names", stdout);
        var read = Safetensors.LoadStateDict(weights);
        var graph = ((OnnxNetwork)trained.Network).Graph;
        var shipped = ModelProto.Parser.ParseFrom(File.ReadAllBytes(EmbeddedResNet18.TrunkPath)).Graph.Initializer.Select(i => i.Name);
        Assert.Equal(shipped.Order(), read.Keys.Order()); // the names in the shipped ONNX file
        foreach (var name in graph.Initializers)
            Assert.True(allclose(read[name], graph.ValueOf(name)!, 0, 0), name);

        // The README's commands, as written, on this run.
        var commands = ReadmeExportCommands();
        Assert.Equal(3, commands.Count);
        foreach (var command in commands)
        {
            var args = command.Select(a => a == "runs/hit" ? run : a.StartsWith("hit", StringComparison.Ordinal) ? Path.Combine(TempRoot, a) : a).ToArray();
            (code, _, stderr) = CliHarness.Run(args);
            Assert.True(code == 0, $"{string.Join(' ', command)}: {stderr}");
            Assert.True(File.Exists(args[^1]), args[^1]);
        }
    }

    /// <summary>The dissimnet lines of the README's shell block on exporting trained networks.</summary>
    static List<string[]> ReadmeExportCommands()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("### Trained networks in Python", StringComparison.Ordinal)..];
        var block = section[(section.IndexOf("```sh\n", StringComparison.Ordinal) + 6)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        return block.Split('\n').Where(l => l.StartsWith("dissimnet ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray()).ToList();
    }

    [Fact]
    public void CudaOnACpuBuildIsAOneLineErrorAndAnUnknownDeviceToo()
    {
        var (code, _, stderr) = CliHarness.Run("layers", "--model", "resnet18", "--size", "32", "--device", "cuda");
        Assert.Equal(2, code);
        Assert.Equal("error: device cuda: CUDA is not available (this build carries the CPU libtorch runtime, or no GPU and driver are visible); use cpu or auto (--device)", stderr.Trim());
        (code, _, stderr) = CliHarness.Run("layers", "--model", "resnet18", "--size", "32", "--device", "gpu");
        Assert.Equal(2, code);
        Assert.Equal("error: device 'gpu': expected cpu, cuda, cuda:N or auto (--device)", stderr.Trim());
        (code, var stdout, stderr) = CliHarness.Run("layers", "--model", "resnet18", "--size", "32", "--device", "auto");
        Assert.True(code == 0, stderr);
        Assert.Equal("device auto: no CUDA device is available to this build, running on the CPU", stderr.Trim().Split('\n')[0].Trim());
        Assert.Contains("layer4", stdout);
        (code, _, stderr) = CliHarness.Run("layers", "--model", "resnet18", "--size", "32", "--device", "cpu", "--verbose");
        Assert.True(code == 0, stderr);
        Assert.Contains("device: cpu", stderr.Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public void VersionNamesTheDevices()
    {
        var (code, stdout, _) = CliHarness.Run("--version");
        Assert.Equal(0, code);
        Assert.Contains("devices:      cpu (no CUDA device available to this build; auto picks cpu)", stdout);
    }

    [Theory]
    [InlineData("onnx", "x.txt", null, "x.txt: an ONNX export must end in .onnx (--out, --format)")]
    [InlineData("onnx", "p.safetensors", null, "p.safetensors: an ONNX export must end in .onnx (--out, --format)")]
    [InlineData("safetensors", "w.onnx", null, "w.onnx: a safetensors export must end in .safetensors (--out, --format)")]
    [InlineData("safetensors", "w.safetensors", "stage4", "a safetensors export holds every weight of the network; a layer applies to ONNX exports only (--layer, --format)")]
    public void AnOutputThatDoesNotMatchTheFormatIsRefusedBeforeAnythingIsRead(string format, string name, string? layer, string message)
    {
        var output = Path.Combine(TempRoot, name);
        string[] args = ["export", "--run", Path.Combine(TempRoot, "no-run"), "--format", format, "--out", output];
        if (layer is not null) args = [.. args, "--layer", layer];
        var (code, stdout, stderr) = CliHarness.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("error: " + (message.Contains(" export must end in ") ? Path.Combine(TempRoot, message) : message), stderr.Trim());
        Assert.Equal("", stdout);
        Assert.False(File.Exists(output));
    }
}
