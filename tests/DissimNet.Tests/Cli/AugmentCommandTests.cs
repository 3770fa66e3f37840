using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Tests.Algonauts;
using DissimNet.Training;

namespace DissimNet.Tests.Cli;

/// <summary>--augment, --augment-views and --tta through train and predict, on the small synthetic Algonauts layout.</summary>
// Compares two predictions of tiny dissimilarities (about 3e-4) to 5 decimals: libtorch's intra-op thread pool is process-wide, and
// other tests' concurrent torch work changed the rounding enough to fail it (seen once when run in parallel), so it runs alone.
[Collection("Process-wide torch state")]
public sealed class AugmentCommandTests() : TempFolderTests("augment-cli")
{
    [Fact]
    public void AugmentedRunRecordsItsSettingsAndPredictAveragesOverMirrorImages()
    {
        var layout = AlgonautsTrainingLayoutTests.MakeLayout(TempRoot);
        var run = Path.Combine(TempRoot, "run");
        var (code, _, stderr) = CliHarness.Run("train", "--algonauts", layout, "--track", "fmri", "--region", "IT", "--model", "resnet18", "--size", "32",
            "--train-layer", "layer4", "--freeze", "upto:layer3", "--layers", "layer3,layer4", "--holdout-fraction", "0.25", "--epochs", "1", "--batch", "8",
            "--seed", "3", "--augment", "crop-flip", "--augment-views", "2", "--tta", "flip", "--out", run);
        Assert.True(code == 0, stderr);
        var summary = TrainingSummary.Load(new RunFolder(run).SummaryPath);
        Assert.Equal(Augmentation.CropFlip, summary.Settings!.Augment);
        Assert.Equal(2, summary.Settings.AugmentViews);
        Assert.Equal(TestTimeAugmentation.Flip, summary.Settings.TestTimeAugmentation);
        Assert.Contains("\"crop-flip\"", File.ReadAllText(new RunFolder(run).SummaryPath));

        // With flip averaging an image and its mirror image have the same features, so mirrored images give the same RDM.
        var images = Path.Combine(layout, "Training_Data", "92_Image_Set", "92images");
        var pixels = ImageSet.LoadArray(images);
        int n = pixels.Shape[0], h = pixels.Shape[1], w = pixels.Shape[2];
        var values = pixels.ToDoubleArray();
        var mirrored = new double[values.Length];
        for (int i = 0; i < n; i++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int c = 0; c < 3; c++)
                        mirrored[((i * h + y) * w + x) * 3 + c] = values[((i * h + y) * w + (w - 1 - x)) * 3 + c];
        var mirroredPath = Path.Combine(TempRoot, "mirrored.npy");
        Npy.Write(mirroredPath, new NdArray(pixels.Shape, mirrored));
        var (a, b) = (Path.Combine(TempRoot, "a.npy"), Path.Combine(TempRoot, "b.npy"));
        (code, _, stderr) = CliHarness.Run("predict", "--run", run, "--layer", "layer4", "--images", images, "--out", a);
        Assert.True(code == 0, stderr);
        (code, _, stderr) = CliHarness.Run("predict", "--run", run, "--layer", "layer4", "--images", mirroredPath, "--out", b);
        Assert.True(code == 0, stderr);
        var (ra, rb) = (new DataSpec(a, null).LoadArray().ToDoubleArray(), new DataSpec(b, null).LoadArray().ToDoubleArray());
        Assert.Equal(ra.Length, rb.Length);
        for (int k = 0; k < ra.Length; k++) Assert.Equal(ra[k], rb[k], 5);
    }

    [Fact]
    public void UnknownAugmentationAndZeroViewsAreRefused()
    {
        var (code, _, stderr) = CliHarness.Run("train", "--images", "x", "--augment", "rotate", "--out", Path.Combine(TempRoot, "r"));
        Assert.NotEqual(0, code);
        Assert.Contains("rotate", stderr);
        (code, _, stderr) = CliHarness.Run("train", "--images", "x", "--augment-views", "0", "--out", Path.Combine(TempRoot, "s"));
        Assert.NotEqual(0, code);
        Assert.Contains("--augment-views", stderr);
    }
}
