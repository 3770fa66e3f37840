using DissimNet.IO;
using DissimNet.Tests.Algonauts;
using DissimNet.Tests.Training;
using DissimNet.Training;

namespace DissimNet.Tests.Cli;

/// <summary>The train and predict commands end to end on a small synthetic Algonauts layout with a randomly initialised ResNet-18.</summary>
// Repeats a seeded training and compares the losses: the seed goes to libtorch's random generator, which is process-wide.
[Collection("Process-wide torch state")]
public sealed class TrainCommandTests() : TempFolderTests("train-cli")
{
    string root => TempRoot;

    [Fact]
    public void TrainsOnTheAlgonautsLayoutThenWritesASubmission()
    {
        var layout = AlgonautsTrainingLayoutTests.MakeLayout(root);
        var run = Path.Combine(root, "run");
        var categories = Path.Combine(root, "categories.txt");
        File.WriteAllLines(categories, Enumerable.Range(0, 12).Select(i => $"category {i % 3}"));
        var (code, stdout, stderr) = CliHarness.Run("train", "--algonauts", layout, "--track", "fmri", "--region", "IT", "--model", "resnet18", "--size", "32",
            "--train-layer", "layer4", "--freeze", "upto:layer3", "--layers", "layer3,layer4", "--holdout-fraction", "0.25", "--epochs", "2", "--batch", "8",
            "--seed", "3", "--categories", categories, "--out", run);
        Assert.True(code == 0, stderr);
        Assert.Contains($"2 epochs on {9 * 8 / 2 + 10 * 9 / 2} pairs", stdout);
        var summary = TrainingSummary.Load(new RunFolder(run).SummaryPath);
        Assert.Equal(3, summary.Split.Val.Length);
        Assert.Equal("92", summary.Split.Set);
        Assert.Equal(new NetworkSource("resnet18", null, 32), summary.Settings!.Network);
        Assert.Equal(2, summary.Baseline.Count);
        TrainingAssert.AllFinite(summary);
        Assert.StartsWith($"dissimnet train --algonauts {layout} --track fmri", summary.Settings.Command);
        Assert.EndsWith($"--out {run}", summary.Settings.Command);
        Assert.Equal(summary.Split.Val.Select(i => $"category {i % 3}"),
            System.Text.Json.JsonSerializer.Deserialize<string[]>(File.ReadAllText(new RunFolder(run).CategoriesPath)));
        Assert.True(File.Exists(new RunFolder(run).RdmsPath));

        var submission = Path.Combine(root, "submission.mat");
        var images = Path.Combine(layout, "Training_Data", "92_Image_Set", "92images");
        (code, stdout, stderr) = CliHarness.Run("predict", "--run", run, "--format", "fmri", "--images", images, "--out", submission);
        Assert.True(code == 0, stderr);
        var evc = new DataSpec(submission, "EVC_RDMs").LoadArray();
        Assert.Equal([12, 12], evc.Shape);
        Assert.Equal(evc.ToDoubleArray(), new DataSpec(submission, "IT_RDMs").LoadArray().ToDoubleArray());
        Assert.Equal(0, evc.ToDoubleArray()[0]);

        // One run per region, each at its own weights: before training (epoch 0) differs from after epoch 2.
        var perRegion = Path.Combine(root, "per-region.mat");
        (code, _, stderr) = CliHarness.Run("predict", "--run", $"EVC={run}", "--run", $"IT={run}", "--epoch", "2", "--layer", "layer4", "--format", "fmri", "--images", images, "--out", perRegion);
        Assert.True(code == 0, stderr);
        var before = Path.Combine(root, "before.mat");
        (code, _, stderr) = CliHarness.Run("predict", "--run", run, "--epoch", "0", "--layer", "layer4", "--images", images, "--out", before);
        Assert.True(code == 0, stderr);
        Assert.NotEqual(new DataSpec(before, "layer4").LoadArray().ToDoubleArray(), new DataSpec(perRegion, "IT_RDMs").LoadArray().ToDoubleArray());
        (code, _, stderr) = CliHarness.Run("predict", "--run", run, "--epoch", "7", "--images", images, "--out", before);
        Assert.Equal(2, code);
        Assert.Contains("no checkpoint of epoch 7", stderr);

        // The submission is what `score --algonauts` reads.
        var target = Path.Combine(layout, "Training_Data", "92_Image_Set", "target_fmri.mat");
        (code, stdout, stderr) = CliHarness.Run("score", "--model", $"{submission}:IT_RDMs", "--target", $"{target}:IT_RDMs", "--algonauts", "fmri", "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"mean_r2\"", stdout);

        // Repeating the command gives the same numbers (seeded initialisation, shuffles and split).
        var again = Path.Combine(root, "again");
        (code, _, stderr) = CliHarness.Run("train", "--algonauts", layout, "--track", "fmri", "--region", "IT", "--model", "resnet18", "--size", "32",
            "--train-layer", "layer4", "--freeze", "upto:layer3", "--layers", "layer3,layer4", "--holdout-fraction", "0.25", "--epochs", "2", "--batch", "8",
            "--seed", "3", "--out", again);
        Assert.True(code == 0, stderr);
        var second = TrainingSummary.Load(new RunFolder(again).SummaryPath);
        Assert.Equal(summary.Epochs.Select(e => e.TrainLoss), second.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(summary.Best, second.Best);
    }

    [Fact]
    public void ANaNLossExitsWith3OnOneLineAndTheRunResumesWithALowerLearningRate()
    {
        var layout = AlgonautsTrainingLayoutTests.MakeLayout(root);
        var run = Path.Combine(root, "nan");
        string[] Train(string lr, params string[] more) => ["train", "--algonauts", layout, "--track", "fmri", "--region", "IT", "--model", "resnet18",
            "--size", "32", "--train-layer", "layer4", "--freeze", "upto:layer3", "--layers", "layer4", "--holdout-fraction", "0.25", "--epochs", "1",
            "--batch", "8", "--seed", "3", "--lr", lr, "--out", run, .. more];
        var (code, _, stderr) = CliHarness.Run(Train("1e30"));
        Assert.True(code == 3, stderr);
        var error = Assert.Single(stderr.Split('\n'), line => line.StartsWith("error:"));
        Assert.Matches(@"^error: training stopped: the \S+( \S+)? of epoch 1, batch \d+ (is|holds) (NaN|-?Inf); the last good checkpoint is epoch 0 "
            + @"\(resume with --resume, e\.g\. after lowering --lr\)$", error);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(TrainingSummary.Load(new RunFolder(run).SummaryPath).Complete);

        (code, _, stderr) = CliHarness.Run(Train("0.005", "--resume"));
        Assert.True(code == 0, stderr);
        var summary = TrainingSummary.Load(new RunFolder(run).SummaryPath);
        Assert.True(summary.Complete);
        Assert.Equal(0.005, summary.Epochs.Single().LearningRate);
        TrainingAssert.AllFinite(summary);
    }

    [Fact]
    public void MissingValidationPresetWeightsAndSecondRunAreOneLineErrors()
    {
        var layout = AlgonautsTrainingLayoutTests.MakeLayout(root);
        var (code, _, stderr) = CliHarness.Run("train", "--algonauts", layout, "--track", "fmri", "--region", "IT", "--model", "resnet18",
            "--train-layer", "layer4", "--out", Path.Combine(root, "x"));
        Assert.Equal(2, code);
        Assert.Contains("--holdout-fraction", stderr);
        (code, _, stderr) = CliHarness.Run("train", "--preset", "algonauts2019-fmri-late", "--algonauts", layout, "--holdout-fraction", "0.25", "--out", Path.Combine(root, "y"));
        Assert.Equal(2, code);
        Assert.Contains("--weights", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        (code, _, stderr) = CliHarness.Run("predict", "--run", Path.Combine(root, "nothing"), "--images", layout, "--out", Path.Combine(root, "p.mat"));
        Assert.Equal(2, code);
    }
}
