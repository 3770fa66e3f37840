using System.Text.Json;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

public sealed class SiameseTrainerTests() : TempFolderTests("training")
{
    string root => TempRoot;

    string Folder(string name) => Path.Combine(root, name);

    internal static TrainingSettings Settings(int epochs = 2, string freeze = "none", int seed = 3) => new()
    {
        TrainLayer = "conv3",
        Epochs = epochs,
        Freeze = freeze,
        BatchSize = 6,
        LearningRate = 0.05,
        Momentum = 0.9,
        WeightDecay = 1e-4,
        Seed = seed,
    };

    static Dictionary<string, double[]> Parameters(TinyConvNet net) =>
        net.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to_type(ScalarType.Float64).data<double>().ToArray());

    static TrainingSummary Train(string folder, TrainingSettings settings, out Dictionary<string, double[]> parameters, bool resume = false,
        CancellationToken cancel = default, IProgressSink? progress = null)
    {
        using var net = new TinyConvNet(seed: 21);
        try
        {
            var summary = new SiameseTrainer(net, settings, new RsaScorer(), progress).Run(TrainingFixtures.TwoSets(), folder, resume, cancel);
            TrainingAssert.AllFinite(summary);
            return summary;
        }
        finally
        {
            parameters = Parameters(net);
        }
    }

    [Theory]
    [InlineData("upto:conv2", new[] { "conv1", "conv2" }, new[] { "conv3" })]
    [InlineData("from:conv3", new[] { "conv3" }, new[] { "conv1", "conv2" })]
    [InlineData("none", new string[0], new[] { "conv1", "conv2", "conv3" })]
    public void FrozenLayersStayFixedAndTrainedOnesMove(string freeze, string[] frozen, string[] trained)
    {
        Dictionary<string, double[]> before;
        using (var net = new TinyConvNet(seed: 21)) before = Parameters(net);
        var summary = Train(Folder(freeze.Replace(':', '-')), Settings(freeze: freeze), out var after);
        foreach (var layer in frozen)
            foreach (var suffix in new[] { ".weight", ".bias" })
            {
                Assert.Equal(before[layer + suffix], after[layer + suffix]);
                Assert.Contains(layer + suffix, summary.FrozenParameters);
            }
        foreach (var layer in trained)
            Assert.NotEqual(before[layer + ".weight"], after[layer + ".weight"]);
    }

    [Fact]
    public void ParametersAfterTheTrainLayerStayFixedAndOutOfTheOptimizer()
    {
        Dictionary<string, double[]> before;
        using (var net = new TinyConvNet(seed: 21)) before = Parameters(net);
        var summary = Train(Folder("after"), Settings() with { TrainLayer = "relu2" }, out var after);
        Assert.Equal(before["conv3.weight"], after["conv3.weight"]);
        Assert.Contains("conv3.weight", summary.FrozenParameters);
        Assert.NotEqual(before["conv2.weight"], after["conv2.weight"]);
        Assert.Equal(4 * 3 * 9 + 4 + 6 * 4 * 9 + 6, summary.TrainedScalars);
    }

    [Fact]
    public void CachedFrozenPrefixGivesTheSameParametersAsFullForward()
    {
        var cached = Train(Folder("cached"), Settings(epochs: 1, freeze: "upto:conv2"), out var withCache);
        var full = Train(Folder("full"), Settings(epochs: 1, freeze: "upto:conv2") with { CacheFrozenPrefix = false }, out var withoutCache);
        Assert.Equal("pool2", cached.CachedPrefix);
        Assert.Null(full.CachedPrefix);
        foreach (var (name, values) in withCache)
            for (int i = 0; i < values.Length; i++) Assert.Equal(withoutCache[name][i], values[i], 5);
        Assert.Equal(full.Epochs[0].TrainLoss, cached.Epochs[0].TrainLoss, 5);
        // Validation from the cached cut (frozen layers scored once) gives every candidate layer's score of a full forward pass.
        Assert.Equal(full.Baseline.Keys, cached.Baseline.Keys);
        foreach (var (layer, score) in full.Epochs[0].Val)
        {
            Assert.Equal(score, cached.Epochs[0].Val[layer], 5);
            Assert.Equal(full.Baseline[layer], cached.Baseline[layer], 5);
        }
        Assert.Equal(TorchSharp.torch.get_num_threads(), cached.Threads);
    }

    [Fact]
    public void SameSeedGivesTheSameNumbersAndAnotherSeedDoesNot()
    {
        var a = Train(Folder("a"), Settings(seed: 3), out var pa);
        var b = Train(Folder("b"), Settings(seed: 3), out var pb);
        var c = Train(Folder("c"), Settings(seed: 4), out _);
        Assert.Equal(Numbers(a), Numbers(b));
        Assert.Equal(pa["conv1.weight"], pb["conv1.weight"]);
        Assert.NotEqual(Numbers(a), Numbers(c));
    }

    [Fact]
    public void ResumeAfterInterruptEqualsUninterruptedRun()
    {
        var whole = Train(Folder("whole"), Settings(epochs: 3), out var wholeParameters);

        using var cancel = new CancellationTokenSource();
        var interrupt = new CancelAtEpoch(3, cancel);
        Assert.ThrowsAny<OperationCanceledException>(() => Train(Folder("parts"), Settings(epochs: 3), out _, cancel: cancel.Token, progress: interrupt));
        var interrupted = TrainingSummary.Load(new RunFolder(Folder("parts")).SummaryPath);
        Assert.Equal(2, interrupted.Epochs.Count);
        Assert.False(interrupted.Complete);

        var resumed = Train(Folder("parts"), Settings(epochs: 3), out var resumedParameters, resume: true);
        Assert.True(resumed.Complete);
        Assert.Equal(Numbers(whole), Numbers(resumed));
        Assert.Equal(wholeParameters["conv2.weight"], resumedParameters["conv2.weight"]);
        Assert.Equal(3, File.ReadAllLines(new RunFolder(Folder("parts")).MetricsPath).Length);
    }

    [Fact]
    public void ResumeMayChangeTheLearningRateAndEachEpochRecordsItsRate()
    {
        var whole = Train(Folder("lr-whole"), Settings(epochs: 2), out var wholeParameters);
        Train(Folder("lr-changed"), Settings(epochs: 1), out _);
        var changed = Train(Folder("lr-changed"), Settings(epochs: 2) with { LearningRate = 0.01 }, out var changedParameters, resume: true);
        Assert.Equal([0.05, 0.01], changed.Epochs.Select(e => e.LearningRate));
        Assert.Equal(0.01, changed.Settings!.LearningRate);
        Assert.Equal(whole.Epochs[0].TrainLoss, changed.Epochs[0].TrainLoss);
        // The optimizer state saved after epoch 1 holds 0.05: epoch 2 must still train with 0.01.
        Assert.NotEqual(wholeParameters["conv3.weight"], changedParameters["conv3.weight"]);
    }

    [Fact]
    public void ExistingRunIsNotOverwrittenAndOtherSettingsCannotResume()
    {
        Train(Folder("run"), Settings(epochs: 1), out _);
        var e = Assert.Throws<SettingException>(() => Train(Folder("run"), Settings(epochs: 1), out _));
        Assert.Contains("already holds a training run", e.Message);
        Assert.Contains("Resume", e.Settings);
        var other = Assert.Throws<DissimNetException>(() => Train(Folder("run"), Settings(epochs: 2) with { Momentum = 0.5 }, out _, resume: true));
        Assert.Contains("other settings", other.Message);
        Assert.Contains("(momentum)", other.Message);
        Assert.Contains("only lr, epochs may change", other.Message);
    }

    [Fact]
    public void SummaryHoldsScoresSplitCeilingSettingsAndCheckpoints()
    {
        var folder = Folder("summary");
        var summary = Train(folder, Settings(epochs: 2) with { Keep = CheckpointKeep.Best }, out _);
        using var json = JsonDocument.Parse(File.ReadAllText(new RunFolder(folder).SummaryPath));
        var r = json.RootElement;
        Assert.Equal("conv3", r.GetProperty("train_layer").GetString());
        Assert.Equal(6, r.GetProperty("split").GetProperty("val").GetArrayLength());
        Assert.Equal(6, r.GetProperty("baseline").EnumerateObject().Count()); // every layer of the tiny net
        var epochs = r.GetProperty("epochs");
        Assert.Equal(2, epochs.GetArrayLength());
        foreach (var name in new[] { "epoch", "train_loss", "val", "seconds" }) Assert.True(epochs[1].TryGetProperty(name, out _), name);
        var best = r.GetProperty("best");
        double bestScore = best.GetProperty("score").GetDouble();
        // The best is the maximum over the baseline and every epoch and layer.
        var all = summary.Baseline.Values.Concat(summary.Epochs.SelectMany(e => e.Val.Values));
        Assert.Equal(all.Max(), bestScore);
        Assert.Equal(summary.Epochs[^1].Val, summary.Final);
        var ceiling = r.GetProperty("noise_ceiling");
        Assert.True(ceiling.GetProperty("lower").GetDouble() <= ceiling.GetProperty("upper").GetDouble());
        Assert.Equal(0.05, r.GetProperty("settings").GetProperty("learning_rate").GetDouble());
        Assert.Equal("images", r.GetProperty("settings").GetProperty("pairing").GetString());
        Assert.StartsWith(DissimNet.Networks.Runtime.ConvolutionPathNames.Name(DissimNet.Networks.Runtime.ConvolutionGuard.EnsureVerified().Path) + " (", r.GetProperty("convolutions").GetString());
        Assert.Equal(2, File.ReadAllLines(new RunFolder(folder).MetricsPath).Length);
        // keep=best: the best weights plus the last epoch (to resume), nothing else.
        var files = Directory.GetFiles(Path.Combine(folder, RunFolder.CheckpointsFolder)).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(["best.safetensors", "epoch-0000.safetensors", "epoch-0002.optimizer.bin", "epoch-0002.safetensors"], files);

        var loaded = TrainingSummary.Load(new RunFolder(folder).SummaryPath);
        Assert.Equal(Numbers(summary), Numbers(loaded));
        Assert.NotNull(loaded.Settings);
        Assert.Equal(summary.Settings, loaded.Settings with { CandidateLayers = summary.Settings!.CandidateLayers });
    }

    [Theory]
    [InlineData(CheckpointKeep.Last, new[] { "epoch-0000.safetensors", "epoch-0003.optimizer.bin", "epoch-0003.safetensors" })]
    [InlineData(CheckpointKeep.All, new[] { "best.safetensors", "epoch-0000.optimizer.bin", "epoch-0000.safetensors", "epoch-0001.optimizer.bin",
        "epoch-0001.safetensors", "epoch-0002.optimizer.bin", "epoch-0002.safetensors", "epoch-0003.optimizer.bin", "epoch-0003.safetensors" })]
    public void KeepPolicyDecidesWhichCheckpointsStay(CheckpointKeep keep, string[] expected)
    {
        var folder = Folder("keep-" + keep);
        var summary = Train(folder, Settings(epochs: 3) with { Keep = keep }, out var last);
        var files = Directory.GetFiles(Path.Combine(folder, RunFolder.CheckpointsFolder)).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(expected, files);
        Assert.Equal(new CheckpointRecord(3, "checkpoints/epoch-0003.safetensors", "checkpoints/epoch-0003.optimizer.bin"), summary.Checkpoint);
        // The last checkpoint holds the final weights.
        using var net = new TinyConvNet(seed: 99);
        new RunFolder(folder).LoadWeights(net.Module, 3);
        Assert.Equal(last["conv3.weight"], Parameters(net)["conv3.weight"]);
    }

    [Fact]
    public void EpochCheckpointsStoreOnlyTrainedParametersAndLoadOnTopOfTheStart()
    {
        var folder = Folder("partial-checkpoints");
        Train(folder, Settings(epochs: 2, freeze: "upto:conv2") with { Keep = CheckpointKeep.All }, out var last);
        // Epoch 2's file holds conv3 only; epoch 0's holds everything.
        using (var probe = new TinyConvNet(seed: 5))
        {
            var loaded = new Dictionary<string, bool>();
            TorchSharp.PyBridge.PyBridgeModuleExtensions.load_safetensors(probe.Module, Path.Combine(folder, RunFolder.CheckpointsFolder, "epoch-0002.safetensors"),
                strict: false, loadedParameters: loaded);
            Assert.Equal(["conv3.bias", "conv3.weight"], loaded.Where(kv => kv.Value).Select(kv => kv.Key).Order());
        }
        // A fresh network of another seed gets every parameter of the trained one back.
        using var net = new TinyConvNet(seed: 99);
        new RunFolder(folder).LoadWeights(net.Module, 2);
        Assert.Equal(last, Parameters(net));
    }

    [Fact]
    public void HoldoutSplitTrainsOnKeptImagesOnly()
    {
        var data = TrainingData.WithHoldout(
            [new ImageSetWithRdms("a", TrainingFixtures.Images(14, 1), TrainingFixtures.SubjectRdms(4, 14, 2), "a.mat: RDMs")], "a", 0.3, seed: 5, TargetTransform.ZScore);
        Assert.Equal(10, data.Sets[0].Count);
        Assert.Equal(4, data.Validation.Count);
        var split = data.Split!;
        Assert.Equal(split.Train.Length, data.Sets[0].Count);
        using var net = new TinyConvNet(seed: 21);
        var summary = new SiameseTrainer(net, Settings(epochs: 1), new PlainSpearmanScorer()).Run(data, Folder("holdout"));
        Assert.Equal(split.Val, summary.Split.Val);
        Assert.Equal("a", summary.Split.Set);
    }

    [Fact]
    public void BadChoicesAreClearErrors()
    {
        using var net = new TinyConvNet(seed: 1);
        var scorer = new PlainSpearmanScorer();
        Assert.Throws<DissimNetException>(() => new SiameseTrainer(net, Settings() with { TrainLayer = "fc9" }, scorer));
        var rate = Assert.Throws<SettingException>(() => new SiameseTrainer(net, Settings() with { LearningRate = double.PositiveInfinity }, scorer));
        Assert.Contains("setting 'lr' must be a finite number > 0, got Infinity", rate.Message);
        Assert.Equal(["LearningRate"], rate.Settings);
        Assert.Throws<SettingException>(() => new SiameseTrainer(net, Settings() with { WeightDecay = double.NaN }, scorer));
        var noGradient = new SiameseTrainer(net, Settings(freeze: "upto:conv3") with { TrainLayer = "conv2" }, scorer);
        Assert.Throws<SettingException>(() => noGradient.Run(TrainingFixtures.TwoSets(), Folder("bad1")));
        var beforeTrained = new SiameseTrainer(net, Settings(freeze: "upto:conv2") with { TrainLayer = "conv2" }, scorer);
        var e = Assert.Throws<SettingException>(() => beforeTrained.Run(TrainingFixtures.TwoSets(), Folder("bad2")));
        Assert.Contains("the train layer conv2", e.Message);
        Assert.Equal(["Freeze", "TrainLayer"], e.Settings);
    }

    /// <summary>The run's numbers as JSON, written as the run folder writes them (an undefined score becomes null instead of crashing).</summary>
    internal static string Numbers(TrainingSummary s) => JsonSerializer.Serialize(new
    {
        s.Baseline,
        Epochs = s.Epochs.Select(e => new { e.Epoch, e.TrainLoss, e.Val, e.ValRelative }),
        s.Best,
        s.Final,
        s.NoiseCeiling,
    }, TrainingSummary.Json);

    sealed class CancelAtEpoch(int epoch, CancellationTokenSource cancel) : IProgressSink
    {
        public void Begin(string task, long total) { if (task.StartsWith($"epoch {epoch}/")) cancel.Cancel(); }
        public void Report(long done, string? detail = null) { }
        public void End() { }
        public void Note(string message) { }
    }
}
