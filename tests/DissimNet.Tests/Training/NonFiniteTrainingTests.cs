using System.Security.Cryptography;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>Training stops on a NaN or infinite loss, keeps the last good epoch untouched, and resumes with a lower learning rate.</summary>
public sealed class NonFiniteTrainingTests() : TempFolderTests("nonfinite")
{
    static TrainingSettings Settings(int epochs, double learningRate) => new()
    {
        TrainLayer = "conv3",
        Epochs = epochs,
        BatchSize = 6,
        LearningRate = learningRate,
        Momentum = 0.9,
        Seed = 3,
    };

    static Dictionary<string, double[]> Parameters(TinyConvNet net) =>
        net.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to_type(ScalarType.Float64).data<double>().ToArray());

    static TrainingSummary Train(string folder, TrainingSettings settings, bool resume = false)
    {
        using var net = new TinyConvNet(seed: 21);
        return new SiameseTrainer(net, settings, new RsaScorer()).Run(TrainingFixtures.TwoSets(), folder, resume);
    }

    /// <summary>Every file of the folder with a hash of its bytes.</summary>
    static Dictionary<string, string> Files(string folder) => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void ANaNWeightStopsTrainingAtTheNextBatchAndLeavesTheLastGoodEpochUntouched()
    {
        var folder = Path.Combine(TempRoot, "poisoned");
        Dictionary<string, string>? committed = null;
        using (var net = new TinyConvNet(seed: 21))
        {
            // Deterministic stand-in for a CPU that computes NaN: one weight turns NaN after batch 2 of epoch 2.
            var poison = new AtBatch(2, 2, () => committed = Files(folder), () =>
            {
                using var _ = no_grad();
                net.Module.named_parameters().Single(p => p.name == "conv1.weight").parameter[0, 0, 0, 0].fill_(double.NaN);
            });
            var trainer = new SiameseTrainer(net, Settings(3, 0.05), new RsaScorer(), poison);
            var e = Assert.Throws<NonFiniteTrainingException>(() => trainer.Run(TrainingFixtures.TwoSets(), folder));
            Assert.Equal("training stopped: the loss of epoch 2, batch 3 is NaN; the last good checkpoint is epoch 1 "
                + "(resume from it, e.g. with a lower learning rate)", e.Message);
            Assert.Equal((2, 3, 1), (e.Epoch, e.Batch, e.LastGoodEpoch));
            Assert.IsAssignableFrom<DissimNetException>(e);
            // A command line words the advice with its own flags; the rest of the line stays.
            var worded = e.WithAdvice("rerun with --resume");
            Assert.Equal("training stopped: the loss of epoch 2, batch 3 is NaN; the last good checkpoint is epoch 1 (rerun with --resume)", worded.Message);
            Assert.Equal((2, 3, 1), (worded.Epoch, worded.Batch, worded.LastGoodEpoch));
        }

        // Nothing was written, replaced or deleted after epoch 1 was committed, and the run is not complete.
        Assert.NotNull(committed);
        Assert.Equal(committed, Files(folder));
        var kept = TrainingSummary.Load(new RunFolder(folder).SummaryPath);
        Assert.False(kept.Complete);
        Assert.Equal(1, kept.Checkpoint!.Epoch);
        Assert.Single(kept.Epochs);

        // The kept checkpoint is the network after a clean first epoch.
        Train(Path.Combine(TempRoot, "clean"), Settings(1, 0.05));
        using (var clean = new TinyConvNet(seed: 99))
        using (var stored = new TinyConvNet(seed: 98))
        {
            new RunFolder(Path.Combine(TempRoot, "clean")).LoadWeights(clean.Module, 1);
            new RunFolder(folder).LoadWeights(stored.Module, 1);
            Assert.Equal(Parameters(clean), Parameters(stored));
        }

        // Resuming with a lower learning rate finishes the run, and each epoch records the rate it trained with.
        var resumed = Train(folder, Settings(3, 0.01), resume: true);
        Assert.True(resumed.Complete);
        Assert.Equal([0.05, 0.01, 0.01], resumed.Epochs.Select(r => r.LearningRate));
        Assert.Equal(0.01, resumed.Settings!.LearningRate);
        TrainingAssert.AllFinite(resumed);
    }

    [Fact]
    public void AHugeLearningRateStopsInTheFirstEpochAndAResumeWithASmallOneEqualsAFreshRun()
    {
        var folder = Path.Combine(TempRoot, "huge");
        var e = Assert.Throws<NonFiniteTrainingException>(() => Train(folder, Settings(2, 1e30)));
        Assert.Equal(1, e.Epoch);
        Assert.Equal(0, e.LastGoodEpoch);
        Assert.Matches(@"^training stopped: the (loss|gradient of [\w.]+|weight [\w.]+) (of|after) epoch 1, batch \d+ (is|holds) (NaN|-?Inf); "
            + @"the last good checkpoint is epoch 0 \(", e.Message);
        Assert.Contains($"batch {e.Batch} ", e.Message);
        var kept = TrainingSummary.Load(new RunFolder(folder).SummaryPath);
        Assert.Empty(kept.Epochs);
        Assert.False(kept.Complete);
        Assert.Equal(["epoch-0000.optimizer.bin", "epoch-0000.safetensors"],
            Directory.GetFiles(Path.Combine(folder, RunFolder.CheckpointsFolder), "epoch-*").Select(Path.GetFileName).Order());

        // The saved optimizer state carries 1e30; the resumed run must train with the new rate, exactly as a fresh run does.
        var resumed = Train(folder, Settings(2, 0.05), resume: true);
        var fresh = Train(Path.Combine(TempRoot, "fresh"), Settings(2, 0.05));
        TrainingAssert.AllFinite(resumed);
        Assert.True(resumed.Complete);
        Assert.Equal(SiameseTrainerTests.Numbers(fresh), SiameseTrainerTests.Numbers(resumed));
    }

    /// <summary>Runs <paramref name="atStart"/> when epoch <paramref name="epoch"/> begins and <paramref name="afterBatch"/> after its batch <paramref name="batch"/>.</summary>
    sealed class AtBatch(int epoch, int batch, Action atStart, Action afterBatch) : IProgressSink
    {
        bool inEpoch;
        public void Begin(string task, long total)
        {
            inEpoch = task.StartsWith($"epoch {epoch}/");
            if (inEpoch) atStart();
        }
        public void Report(long done, string? detail = null) { if (inEpoch && done == batch) afterBatch(); }
        public void End() { }
        public void Note(string message) { }
    }
}
