using DissimNet.Rdms;
using DissimNet.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>Adam, the cosine schedule, L2-SP and early stopping inside the trainer: resumes, the pull towards w0 and where a run stops.</summary>
public sealed class TrainingLeversTests() : TempFolderTests("levers")
{
    string Folder(string name) => Path.Combine(TempRoot, name);

    static TrainingSettings Settings(int epochs = 2) => new()
    {
        TrainLayer = "conv3",
        Epochs = epochs,
        BatchSize = 6,
        LearningRate = 0.01,
        Optimizer = OptimizerKind.Adam,
        WeightDecay = 1e-3,
        LrSchedule = LearningRateSchedule.Cosine,
        L2Sp = 0.5,
        Seed = 3,
    };

    static Dictionary<string, double[]> Parameters(TinyConvNet net) =>
        net.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to_type(ScalarType.Float64).data<double>().ToArray());

    static TrainingSummary Train(string folder, TrainingSettings settings, out Dictionary<string, double[]> parameters, bool resume = false,
        CancellationToken cancel = default, IProgressSink? progress = null, int netSeed = 21, IRdmScorer? scorer = null)
    {
        using var net = new TinyConvNet(seed: netSeed);
        try { return new SiameseTrainer(net, settings, scorer ?? new RsaScorer(), progress).Run(TrainingFixtures.TwoSets(), folder, resume, cancel); }
        finally { parameters = Parameters(net); }
    }

    [Fact]
    public void AdamWithCosineAndL2SpResumesToTheUninterruptedRun()
    {
        var whole = Train(Folder("whole"), Settings(), out var wholeParameters);
        Assert.Equal([0.01, 0.005], whole.Epochs.Select(e => e.LearningRate!.Value).Select(r => Math.Round(r, 15)));

        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => Train(Folder("parts"), Settings(), out _, cancel: cancel.Token, progress: new CancelAtEpoch(2, cancel)));
        Assert.Single(TrainingSummary.Load(new RunFolder(Folder("parts")).SummaryPath).Epochs);
        // Another starting network: a resume takes its weights, and L2-SP's w0, from the run's epoch-0 checkpoint.
        var resumed = Train(Folder("parts"), Settings(), out var resumedParameters, resume: true, netSeed: 99);

        Assert.True(resumed.Complete);
        Assert.Equal(SiameseTrainerTests.Numbers(whole), SiameseTrainerTests.Numbers(resumed));
        Assert.Equal(whole.Epochs.Select(e => e.LearningRate), resumed.Epochs.Select(e => e.LearningRate));
        foreach (var (name, values) in wholeParameters) Assert.Equal(values, resumedParameters[name]);
    }

    [Fact]
    public void ARunWhoseOptimizerStateIsAPyTorchPickleStillResumesToTheUninterruptedRun()
    {
        var whole = Train(Folder("whole"), Settings(), out var wholeParameters);
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => Train(Folder("old"), Settings(), out _, cancel: cancel.Token, progress: new CancelAtEpoch(2, cancel)));

        // Rewrite epoch 1's Adam state as runs written before the uncompressed format have it: PyTorch's pickle (.optimizer.pt).
        var run = new RunFolder(Folder("old"));
        var record = run.ReadSummary().Checkpoint!;
        string checkpoints = Path.Combine(Folder("old"), RunFolder.CheckpointsFolder);
        var trained = TorchSharp.PyBridge.Safetensors.LoadStateDict(Path.Combine(Folder("old"), record.Weights)).Keys.ToHashSet();
        using (var net = new TinyConvNet(seed: 21))
        {
            var optimizer = TrainingOptimizers.Create(net.Module.named_parameters().Where(p => trained.Contains(p.name)).Select(p => p.parameter), Settings());
            ((OptimizerHelper)optimizer).load_state_dict(Path.Combine(Folder("old"), record.Optimizer));
            TorchSharp.PyBridge.PyBridgeOptimizerExtensions.save_py((OptimizerHelper)optimizer, Path.Combine(checkpoints, "epoch-0001.optimizer.pt"));
        }
        File.Delete(Path.Combine(Folder("old"), record.Optimizer));
        string summaryPath = run.SummaryPath;
        File.WriteAllText(summaryPath, File.ReadAllText(summaryPath).Replace("epoch-0001.optimizer.bin", "epoch-0001.optimizer.pt"));

        var resumed = Train(Folder("old"), Settings(), out var resumedParameters, resume: true);
        Assert.Equal(SiameseTrainerTests.Numbers(whole), SiameseTrainerTests.Numbers(resumed));
        foreach (var (name, values) in wholeParameters) Assert.Equal(values, resumedParameters[name]);
        Assert.True(File.Exists(Path.Combine(checkpoints, "epoch-0002.optimizer.bin")));
    }

    [Fact]
    public void L2SpGradientIsLambdaTimesTheDistanceFromTheStart()
    {
        const double lambda = 3.0, h = 1e-6;
        var w = new Parameter(tensor(new[] { 0.4, -1.2, 2.5 }, dtype: ScalarType.Float64));
        var start = new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 0.1, -1.0, 3.0 }, dtype: ScalarType.Float64) };
        using var penalty = new L2SpPenalty(lambda, [("w", w)], start);
        Assert.Equal(lambda / 2 * (0.09 + 0.04 + 0.25), penalty.Value(), 1e-12);

        (w * tensor(new[] { 1.0, 2.0, 3.0 }, dtype: ScalarType.Float64)).sum().backward(); // a data gradient of 1, 2, 3
        penalty.AddGradient();
        var grad = w.grad!.data<double>().ToArray();
        for (int i = 0; i < 3; i++)
        {
            double original;
            using (no_grad()) { original = w[i].item<double>(); w[i] = original + h; }
            double up = penalty.Value();
            using (no_grad()) w[i] = original - h;
            double down = penalty.Value();
            using (no_grad()) w[i] = original;
            Assert.Equal((i + 1) + (up - down) / (2 * h), grad[i], 1e-6);
        }
        Assert.Equal([1 + lambda * 0.3, 2 + lambda * -0.2, 3 + lambda * -0.5], grad.Select(g => Math.Round(g, 12)));
    }

    [Fact]
    public void StrongL2SpKeepsTheWeightsNearTheirStart()
    {
        Dictionary<string, double[]> start;
        using (var net = new TinyConvNet(seed: 21)) start = Parameters(net);
        // SGD with lr x lambda = 1: each step lands at w0 minus that step's data gradient, so nothing accumulates.
        var sgd = new TrainingSettings { TrainLayer = "conv3", Epochs = 2, BatchSize = 6, LearningRate = 0.05, Seed = 3 };
        Train(Folder("free"), sgd, out var free);
        Train(Folder("pulled"), sgd with { L2Sp = 20 }, out var pulled);
        double Drift(Dictionary<string, double[]> p) => p.Sum(kv => kv.Value.Zip(start[kv.Key], (a, b) => (a - b) * (a - b)).Sum());
        Assert.True(Drift(pulled) < Drift(free) / 4, $"drift with L2-SP {Drift(pulled)}, without {Drift(free)}");
        Assert.True(Drift(pulled) > 0);
    }

    [Fact]
    public void PatienceStopsTheRunWhereTheBestScoreLastImprovedAndResumeAddsNothing()
    {
        // Validation scores of the one candidate layer: baseline, then epochs 1, 2, 3 ...; best at 1, epoch 3 only ties it.
        var settings = Settings(epochs: 6) with { CandidateLayers = ["conv3"], Patience = 2 };
        var summary = Train(Folder("stop"), settings, out var stopped, scorer: new ScriptedScorer(0.1, 0.3, 0.2, 0.3, 0.9, 0.95, 0.99));
        Assert.True(summary.Complete);
        Assert.Equal(3, summary.StoppedEarlyAfter);
        Assert.Equal(3, summary.Epochs.Count);
        Assert.Equal(new BestRecord("conv3", 1, 0.3), summary.Best);
        var written = new RunFolder(Folder("stop")).ReadSummary();
        Assert.Equal((3, true, 3), (written.StoppedEarlyAfter, written.Complete, written.Checkpoint!.Epoch));

        var again = Train(Folder("stop"), settings, out var resumed, resume: true, scorer: new ScriptedScorer());
        Assert.Equal((3, true, 3), (again.StoppedEarlyAfter, again.Complete, again.Epochs.Count));
        foreach (var (name, values) in stopped) Assert.Equal(values, resumed[name]);
    }

    /// <summary>Returns the given scores in order, one per call; no noise ceiling.</summary>
    sealed class ScriptedScorer(params double[] scores) : IRdmScorer
    {
        int next;
        public string Method => "scripted";
        public double Score(Rdm predicted, RdmStack subjects) => scores[next++];
        public (double Lower, double Upper)? NoiseCeiling(RdmStack subjects) => null;
    }

    sealed class CancelAtEpoch(int epoch, CancellationTokenSource cancel) : IProgressSink
    {
        public void Begin(string task, long total) { if (task.StartsWith($"epoch {epoch}/")) cancel.Cancel(); }
        public void Report(long done, string? detail = null) { }
        public void End() { }
        public void Note(string message) { }
    }
}
