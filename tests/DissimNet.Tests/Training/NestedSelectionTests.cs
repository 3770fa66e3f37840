using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>Nested selection: test images never reach training or selection, and their scores are what the saved networks score.</summary>
public sealed class NestedSelectionTests() : TempFolderTests("nested")
{
    const int Count = 21;
    static readonly int[] Train = [0, 2, 3, 5, 8, 9, 11, 14, 16, 19], Val = [1, 6, 10, 13, 17, 20], Test = [4, 7, 12, 15, 18];

    static ImageSetWithRdms Set() => new("s", TrainingFixtures.Images(Count, 31), TrainingFixtures.SubjectRdms(4, Count, 32), "s.mat: RDMs");

    static TrainingSettings Settings(CheckpointKeep keep = CheckpointKeep.Best) => new()
    {
        TrainLayer = "conv3",
        CandidateLayers = ["relu2", "pool2", "conv3"],
        Epochs = 3,
        BatchSize = 6,
        LearningRate = 0.05,
        Momentum = 0.9,
        Seed = 5,
        Keep = keep,
    };

    static TrainingData Data(bool withTest) =>
        TrainingData.WithSplit([Set()], new ImageSplit("s", Train, Val) { Test = withTest ? Test : [] }, TargetTransform.ZScore);

    TrainingSummary Run(string name, TrainingData data, TrainingSettings settings)
    {
        using var net = new TinyConvNet(seed: 21);
        return new SiameseTrainer(net, settings, new RsaScorer()).Run(data, Path.Combine(TempRoot, name));
    }

    [Fact]
    public void NoTestImageReachesTrainingBatchesOrValidation()
    {
        var set = Set();
        var data = Data(withTest: true);
        Assert.Equal(Test, data.Split!.Test);
        // Each part holds exactly its own images, and each target comes from its own images' pairs only.
        Assert.True(data.Sets[0].Images.equal(set.Images.index_select(0, tensor(Train.Select(i => (long)i).ToArray()))).all().item<bool>());
        Assert.True(data.Validation.Images.equal(set.Images.index_select(0, tensor(Val.Select(i => (long)i).ToArray()))).all().item<bool>());
        Assert.True(data.Test!.Images.equal(set.Images.index_select(0, tensor(Test.Select(i => (long)i).ToArray()))).all().item<bool>());
        Assert.Equal(TargetPreparation.Prepare(RdmSubsets.SelectConditions(set.Rdms, Train), TargetTransform.ZScore, "s"), data.Sets[0].Target);
        // Every batch of every epoch draws only from the training set, whose rows are the training images.
        for (int epoch = 1; epoch <= 3; epoch++)
            foreach (var batch in EpochSchedule.Build(data.Sets, [Enumerable.Range(0, data.Sets[0].Count).ToArray()], Pairing.Images, 6, 5, epoch))
                foreach (var image in batch.Inputs)
                {
                    Assert.Equal(0, image.Set);
                    Assert.DoesNotContain(Train[image.Image], Test);
                    Assert.DoesNotContain(Train[image.Image], Val);
                }
        var summary = Run("indices", data, Settings());
        Assert.Equal(Train, summary.Split.Train);
        Assert.Equal(Val, summary.Split.Val);
        Assert.Equal(Test, summary.Split.Test);
        Assert.Empty(summary.Split.Train.Intersect(summary.Split.Test).Concat(summary.Split.Val.Intersect(summary.Split.Test)));
        Assert.Equal(Test.Length, summary.Test!.Images);
    }

    [Fact]
    public void SelectionIsTheSameWithAndWithoutTestImages()
    {
        var with = Run("with", Data(withTest: true), Settings());
        var without = Run("without", Data(withTest: false), Settings());
        Assert.Null(without.Test);
        Assert.Equal(without.Best, with.Best);
        Assert.Equal(without.Baseline, with.Baseline);
        Assert.Equal(without.Epochs.Select(e => e.Val), with.Epochs.Select(e => e.Val));
        Assert.Equal(without.Epochs.Select(e => e.TrainLoss), with.Epochs.Select(e => e.TrainLoss));
        Assert.All(with.Epochs, e => Assert.Equal(3, e.Test!.Count));
        // The selected cell is the validation choice; its test score is looked up there, not chosen.
        var selected = with.Test!.Selected!;
        Assert.Equal((with.Best!.Layer, with.Best.Epoch, with.Best.Score), (selected.Layer, selected.Epoch, selected.Val));
        var pretrainedLayer = LayerScores.Top(with.Baseline)!.Value.Layer;
        Assert.Equal(pretrainedLayer, with.Test.Pretrained!.Layer);
        Assert.Equal(with.Test.Baseline[pretrainedLayer], with.Test.Pretrained.Test);
        var allTest = with.Test.Baseline.Values.Concat(with.Epochs.SelectMany(e => e.Test!.Values));
        Assert.Equal(allTest.Max(), with.Test.BestTestCellOptimistic!.Test);
    }

    [Fact]
    public void TestScoresEqualADirectScoringOfTheSavedEpochs()
    {
        var set = Set();
        var summary = Run("direct", Data(withTest: true), Settings(CheckpointKeep.All));
        var subjects = TargetPreparation.PerSubject(RdmSubsets.SelectConditions(set.Rdms, Test), TargetTransform.ZScore, "s");
        var images = set.Images.index_select(0, tensor(Test.Select(i => (long)i).ToArray()));
        var run = new RunFolder(Path.Combine(TempRoot, "direct"));
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            using var net = new TinyConvNet(seed: 99);
            run.LoadWeights(net.Module, epoch);
            net.Module.eval();
            var rdms = NetworkRdms.CorrelationRdms(net, images, ["relu2", "pool2", "conv3"]);
            foreach (var layer in new[] { "relu2", "pool2", "conv3" })
                Assert.Equal(new RsaScorer().Score(rdms[layer], subjects), summary.Epochs[epoch - 1].Test![layer], 9);
            if (epoch == summary.Best!.Epoch)
                Assert.Equal(rdms[summary.Best.Layer].ToSquare(), run.ReadTestRdm(RunFolder.TestSelectedRdmName)!, new ToleranceComparer(1e-9));
        }
        var ceiling = new RsaScorer().NoiseCeiling(subjects)!.Value;
        Assert.Equal(ceiling.Lower, summary.Test!.NoiseCeiling!.Lower, 12);
        // summary.json holds the same numbers after a reload.
        var loaded = TrainingSummary.Load(run.SummaryPath);
        Assert.Equal(summary.Test.Selected, loaded.Test!.Selected);
        Assert.Equal(Test, loaded.Split.Test);
    }

    [Fact]
    public void TheReportHeadlinesTheTestScoreOfTheValidationChoice()
    {
        var summary = Run("report", Data(withTest: true), Settings());
        var folder = Path.Combine(TempRoot, "report");
        var html = File.ReadAllText(DissimNet.Reports.RunReport.Write(DissimNet.Reports.RunFolderReader.Read(folder), Path.Combine(folder, "report.html")).HtmlPath);
        var selected = summary.Test!.Selected!;
        Assert.Contains($"trained, on test images<b>{selected.Test.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}</b>", html);
        Assert.Contains("chosen on the validation images only", html);
        Assert.Contains("optimistic", html);
        Assert.Contains("training / validation / test", html);
    }

    [Fact]
    public void NestedSplitDrawsTheTestImagesFirst()
    {
        var nested = ImageSplit.Nested("92", 92, 0.5, 1.0 / 3, seed: 1);
        Assert.Equal(46, nested.Test.Length);
        Assert.Equal(15, nested.Val.Length);
        Assert.Equal(31, nested.Train.Length);
        Assert.Equal(Enumerable.Range(0, 92), nested.Train.Concat(nested.Val).Concat(nested.Test).Order());
        // The test images depend on the test fraction and seed alone, not on how the rest is split.
        Assert.Equal(nested.Test, ImageSplit.Nested("92", 92, 0.5, 0.5, seed: 1).Test);
        Assert.Throws<DissimNetException>(() => new ImageSplit("s", [0, 1, 2], [3, 4, 5]) { Test = [2, 6, 7] }.Validate(8));
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
