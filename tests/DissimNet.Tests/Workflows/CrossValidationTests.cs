using DissimNet.Tests.Training;
using DissimNet.Training;
using DissimNet.Workflows;

namespace DissimNet.Tests.Workflows;

/// <summary>Cross-validation: the fold plan, test images kept out of every choice, and resuming after an interruption.</summary>
public sealed class CrossValidationTests() : TempFolderTests("crossval")
{
    internal const int Count = 18;

    internal static ImageSetWithRdms Set() => new("s", TrainingFixtures.Images(Count, 41), TrainingFixtures.SubjectRdms(4, Count, 42), "s.mat: RDMs");

    internal static TrainingSettings Settings() => new()
    {
        TrainLayer = "conv3",
        CandidateLayers = ["pool2", "conv3"],
        Epochs = 2,
        BatchSize = 6,
        LearningRate = 0.05,
        Momentum = 0.9,
        Seed = 4,
    };

    static readonly CrossValidationRequest Plan = new() { Folds = 2, Repeats = 2, HoldoutFraction = 1.0 / 3, Resamples = 200 };

    CrossValidationResult Run(string name, CancellationToken cancel = default, IProgressSink? progress = null) =>
        CrossValidationWorkflow.RunFolds(Set(), Settings(), TargetTransform.ZScore, null, Plan, Path.Combine(TempRoot, name),
            () => new TinyConvNet(seed: 21), new RsaScorer(), progress, cancel);

    [Theory]
    [InlineData(92, 2, 5)]
    [InlineData(20, 3, 2)]
    public void FoldsCoverEveryImageOncePerRepeat(int count, int k, int repeats)
    {
        var folds = CrossValidationFolds.Plan("s", count, k, repeats, 1.0 / 3, seed: 1);
        Assert.Equal(k * repeats, folds.Count);
        foreach (var repeat in folds.GroupBy(f => f.Repeat))
        {
            var tests = repeat.SelectMany(f => f.Split.Test).ToList();
            Assert.Equal(Enumerable.Range(0, count), tests.Order());
            Assert.InRange(repeat.Max(f => f.Split.Test.Length) - repeat.Min(f => f.Split.Test.Length), 0, 1);
        }
        foreach (var fold in folds)
        {
            Assert.Equal(Enumerable.Range(0, count), fold.Split.Train.Concat(fold.Split.Val).Concat(fold.Split.Test).Order());
            Assert.Equal((int)Math.Round((count - fold.Split.Test.Length) / 3.0), fold.Split.Val.Length);
        }
        // Repeats draw different folds, and the plan is a pure function of its arguments.
        Assert.NotEqual(folds[0].Split.Test, folds[k].Split.Test);
        Assert.Equal(folds.Select(f => f.Split.Val), CrossValidationFolds.Plan("s", count, k, repeats, 1.0 / 3, seed: 1).Select(f => f.Split.Val));
    }

    [Fact]
    public void NoFoldTrainsOrSelectsOnItsTestImages()
    {
        var result = Run("indices");
        var plan = CrossValidationFolds.Plan("s", Count, 2, 2, 1.0 / 3, Settings().Seed);
        Assert.True(result.Complete);
        Assert.Equal(4, result.FoldResults.Count);
        foreach (var (fold, record) in plan.Zip(result.FoldResults))
        {
            var summary = new RunFolder(Path.Combine(TempRoot, "indices", fold.FolderName)).ReadSummary();
            Assert.Equal(fold.Split.Test, summary.Split.Test);
            Assert.Empty(summary.Split.Test.Intersect(summary.Split.Train.Concat(summary.Split.Val)));
            Assert.Equal(summary.Data[0].Images, summary.Split.Train.Length);
            Assert.Equal(summary.Validation.Images, summary.Split.Val.Length);
            // The fold's selected cell is the validation best, and its per-subject test scores average to the summary's test score.
            Assert.Equal((summary.Best!.Layer, summary.Best.Epoch), (record.Trained.Layer, record.Trained.Epoch));
            Assert.Equal(record.Trained.Test, record.TrainedPerSubject.Average(), 12);
            Assert.Equal(record.Pretrained.Test, record.PretrainedPerSubject.Average(), 12);
        }
        var gain = result.FoldResults.Select(f => f.Trained.Test - f.Pretrained.Test).ToArray();
        Assert.Equal(gain.Average(), result.Gain!.Mean, 12);
        // The three-level bootstrap (folds, subjects, images) ran on the folds' test RDMs.
        foreach (var summary3 in new[] { result.Trained!, result.Pretrained!, result.Gain! })
            Assert.True(summary3.BootstrapFoldsSubjectsAndImages is { } ci && ci.Lower <= ci.Upper && double.IsFinite(ci.Lower), "no folds-subjects-images interval");
        Assert.True(File.Exists(Path.Combine(TempRoot, "indices", CrossValidationWorkflow.ReportFile)));
        Assert.Equal(result.Gain.Mean, CrossValidationResult.Load(Path.Combine(TempRoot, "indices", CrossValidationWorkflow.ResultFile)).Gain!.Mean);
    }

    [Fact]
    public void ResumingAfterAnInterruptionGivesTheUninterruptedNumbers()
    {
        var whole = Run("whole");
        using var cancel = new CancellationTokenSource();
        // Stops fold 2 after its first epoch: fold 1 is finished, fold 2 is half done.
        Assert.ThrowsAny<OperationCanceledException>(() => Run("resumed", cancel.Token, new CancelAt("fold 2/4: epoch 1:", cancel)));
        Assert.False(new RunFolder(Path.Combine(TempRoot, "resumed", "fold-02")).ReadSummary().Complete);
        var resumed = Run("resumed");
        Assert.Equal(whole.FoldResults.Select(f => (f.Trained, f.Pretrained, f.NoiseCeiling)), resumed.FoldResults.Select(f => (f.Trained, f.Pretrained, f.NoiseCeiling)));
        Assert.Equal(whole.FoldResults.SelectMany(f => f.TrainedPerSubject), resumed.FoldResults.SelectMany(f => f.TrainedPerSubject));
        Assert.Equal(whole.Trained, resumed.Trained);
        Assert.Equal(whole.Gain, resumed.Gain);
        Assert.Equal(whole.NoiseCeiling, resumed.NoiseCeiling);
    }

    sealed class CancelAt(string note, CancellationTokenSource source) : IProgressSink
    {
        public void Begin(string task, long total) { }
        public void Report(long done, string? detail = null) { }
        public void End() { }
        public void Note(string message)
        {
            if (message.StartsWith(note, StringComparison.Ordinal)) source.Cancel();
        }
    }
}
