using DissimNet.Cli;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Tests.Algonauts;
using DissimNet.Tests.IO;

namespace DissimNet.Tests.Cli;

/// <summary>Unwritable outputs, inputs that would be refused after writing, impossible sizes and ONNX files as --model:
/// one line on stderr, exit code 2, no stack trace (managed or native) and nothing left behind.</summary>
public sealed class HostileOutputCommandTests() : TempFolderTests("hostile-output")
{
    static readonly string Rdms = TestPaths.Data("92imageData/92_brainRDMs.mat") + ":RDMs.RDM";

    /// <summary>The first four stimuli as a .npy.</summary>
    string FourImages()
    {
        Directory.CreateDirectory(TempRoot);
        var all = DataSpec.LoadArray(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
        var path = Path.Combine(TempRoot, "four.npy");
        Npy.Write(path, new NdArray([4, 175, 175, 3], ((byte[])all.Data)[..(4 * 175 * 175 * 3)], ElementType.UInt8));
        return path;
    }

    static void AssertOneLine(string stderr, string expected)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].TrimEnd() == expected, stderr);
    }

    [TmpfsFact]
    public void RdmAndPlotRdmIntoAReadOnlyFolderAreOneLineExitTwo()
    {
        using var disk = TmpfsMount.Create("64k", readOnly: true);
        var images = FourImages();
        var output = Path.Combine(disk.Folder, "x.mat");
        var (code, _, stderr) = CliHarness.Run("rdm", "--images", images, "--model", "resnet18", "--size", "32", "--out", output);
        Assert.Equal(2, code);
        AssertOneLine(stderr, $"error: {output}: cannot write (Read-only file system)");

        var png = Path.Combine(disk.Folder, "x.png");
        (code, _, stderr) = CliHarness.Run("plot-rdm", Rdms, "--out", png);
        Assert.Equal(2, code);
        Assert.EndsWith($"error: {png}: cannot write (Read-only file system)", stderr.TrimEnd());
    }

    [TmpfsFact]
    public void ReportAndWeightsConvertIntoAReadOnlyFolderAreOneLineExitTwo()
    {
        using var disk = TmpfsMount.Create("64k", readOnly: true);
        var run = DissimNet.Tests.Reports.SyntheticRun.Write(Path.Combine(TempRoot, "run"), withRdms: false);
        var html = Path.Combine(disk.Folder, "r.html");
        var (code, _, stderr) = CliHarness.Run("report", run, "--out", html);
        Assert.Equal(2, code);
        Assert.EndsWith($"error: {html}: cannot write (Read-only file system)", stderr.TrimEnd());

        var weights = Path.Combine(TempRoot, "alexnet.safetensors");
        using (var alexnet = new DissimNet.Networks.Models.AlexNet()) StateDictFile.SaveSafetensors(alexnet, weights);
        var converted = Path.Combine(disk.Folder, "w.safetensors");
        (code, _, stderr) = CliHarness.Run("weights", "convert", "--from", weights, "--arch", "alexnet", "--out", converted);
        Assert.Equal(2, code);
        AssertOneLine(stderr, $"error: {converted}: cannot write (Read-only file system)");
    }

    [TmpfsFact]
    public void PlotRdmAndTrainOnAFullDiskAreOneLineAndLeaveNothing()
    {
        using var disk = TmpfsMount.Create("64k");
        disk.Fill();
        var png = Path.Combine(disk.Folder, "x.png");
        var (code, _, stderr) = CliHarness.Run("plot-rdm", Rdms, "--out", png);
        Assert.Equal(2, code);
        Assert.EndsWith($"error: {png}: cannot write (No space left on device)", stderr.TrimEnd());

        var run = Path.Combine(disk.Folder, "run");
        (code, _, stderr) = CliHarness.Run("train", "--algonauts", AlgonautsTrainingLayoutTests.MakeLayout(TempRoot), "--track", "fmri", "--region", "IT",
            "--model", "resnet18", "--size", "32", "--train-layer", "layer4", "--holdout-fraction", "0.25", "--out", run);
        Assert.Equal(2, code);
        Assert.Contains("cannot write (No space left on device)", stderr);
        Assert.Empty(disk.Entries());
    }

    [Fact]
    public void ScoreAgainstOfTheWrongSizeIsRefusedBeforeTheOutputIsWritten()
    {
        var images = FourImages();
        var output = Path.Combine(TempRoot, "x.npz");
        var (code, _, stderr) = CliHarness.Run("rdm", "--images", images, "--model", "resnet18", "--size", "32", "--out", output, "--score-against", Rdms);
        Assert.Equal(2, code);
        AssertOneLine(stderr, $"error: {Rdms}: RDMs over 92 conditions, but {images} has 4 images; they must match to be scored");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AnImpossibleFreezeLeavesNoRunFolder()
    {
        var layout = AlgonautsTrainingLayoutTests.MakeLayout(TempRoot);
        var run = Path.Combine(TempRoot, "run");
        var (code, _, stderr) = CliHarness.Run("train", "--algonauts", layout, "--track", "fmri", "--region", "IT", "--model", "resnet18", "--size", "32",
            "--train-layer", "layer4", "--freeze", "upto:layer4", "--holdout-fraction", "0.25", "--out", run);
        Assert.Equal(2, code);
        Assert.Contains("error: freezing upto:layer4 leaves no parameter", stderr);
        Assert.False(Directory.Exists(run), "the refused run left its folder behind");
    }

    [Fact]
    public void AnInputTooSmallForAlexNetIsOneLineWithoutNativeFrames()
    {
        var (code, _, stderr) = CliHarness.Run("layers", "--model", "alexnet", "--size", "32");
        Assert.Equal(2, code);
        AssertOneLine(stderr, "error: input size: alexnet needs an image side of at least 63 pixels (smaller inputs leave its pooling layers nothing to pool), got 32 (--size)");
        (code, _, stderr) = CliHarness.Run("layers", "--model", "resnet18-imagenet", "--size", "100");
        Assert.Equal(2, code);
        Assert.StartsWith("error: resnet18-imagenet: input size must be 224", stderr);
    }

    [Fact]
    public void AnOnnxFileIsAcceptedAsTheModelAsTheReadmeSays()
    {
        var (code, stdout, stderr) = CliHarness.Run("layers", "--model", EmbeddedResNet18.TrunkPath);
        Assert.True(code == 0, stderr);
        Assert.StartsWith("onnx: 74 layers", stdout);
        (code, _, stderr) = CliHarness.Run("layers", "--model", EmbeddedResNet18.TrunkPath, "--weights", Path.Combine(TempRoot, "other.pth"));
        Assert.Equal(2, code);
        Assert.Contains("an ONNX file is a network of its own", stderr);
    }

    [Fact]
    public void TheRunnerMapsStrayIoErrorsToExitTwoAndDropsNativeFrames()
    {
        var captured = new StringWriter();
        Assert.Equal(2, CliRunner.Report(new IOException("No space left on device : '/data/out.npz'"), captured));
        Assert.Equal(1, CliRunner.Report(new InvalidOperationException("Given input size: (64x1x1). Calculated output size: (64x0x0)\nException raised from foo\nframe #0: c10::Error\nframe #1: at::native"), captured));
        var lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("error: /data/out.npz: No space left on device", lines[0]);
        Assert.Equal("internal error (InvalidOperationException): Given input size: (64x1x1). Calculated output size: (64x0x0)", lines[1]);
        Assert.DoesNotContain("frame #", captured.ToString());
    }
}
