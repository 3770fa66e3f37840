using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>Runs alone: its collections on another thread would otherwise also stress the other tests' own torch arithmetic.</summary>
[CollectionDefinition("Finalizer stress", DisableParallelization = true)]
public sealed class FinalizerStressCollection;

/// <summary>Training while another thread collects garbage and runs finalizers without pause: no Scalar or other object
/// the library still uses during a native call may be finalized under it (see ScalarArithmetic).</summary>
/// <remarks>Before the library owned its Scalars this failed in 7 of 8 tries here (2 cores, shared), after 14 to 22 s, with
/// "Expected false to be true ... toFloat (or toLong) at c10/core/Scalar.h": a Scalar freed by its finalizer while libtorch
/// read it, in <c>1 - x</c> and in TorchSharp's SGD and Adam steps.</remarks>
[Collection("Finalizer stress")]
public sealed class FinalizerStressTests() : TempFolderTests("finalizer-stress")
{
    /// <summary>How long the stressed runs repeat; every run is also checked against the same run made without the stress.</summary>
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);

    /// <summary>Short runs over the trainer's arithmetic: SGD with momentum and weight decay, Adam with the Spearman loss,
    /// AdamW with L2-SP, and augmented views with a cached prefix and flip test-time augmentation; each of 40 batches, so
    /// that steps (not scoring and checkpoints) take most of the time.</summary>
    static readonly TrainingSettings[] Runs =
    [
        Short(SiameseTrainerTests.Settings(epochs: 1)),
        Short(SiameseTrainerTests.Settings(epochs: 1) with { Optimizer = OptimizerKind.Adam, Momentum = 0, LearningRate = 0.01, Loss = DissimilarityLoss.Spearman }),
        Short(SiameseTrainerTests.Settings(epochs: 1) with { Optimizer = OptimizerKind.AdamW, Momentum = 0, LearningRate = 0.01, WeightDecay = 0.01, L2Sp = 0.5 }),
        Short(SiameseTrainerTests.Settings(epochs: 1, freeze: "upto:relu1") with
        {
            Augment = Augmentation.CropFlipColor, AugmentViews = 2, TestTimeAugmentation = TestTimeAugmentation.Flip, Loss = DissimilarityLoss.SquaredError,
        }),
    ];

    static TrainingSettings Short(TrainingSettings settings) => settings with { BatchesPerEpoch = 40, Keep = CheckpointKeep.Last };

    /// <summary>The trained weights of one run, as float32 values per parameter name.</summary>
    Dictionary<string, float[]> Train(TrainingSettings settings, string name)
    {
        using var net = new TinyConvNet(seed: 21);
        var summary = new SiameseTrainer(net, settings, new RsaScorer()).Run(TrainingFixtures.TwoSets(), Path.Combine(TempRoot, name));
        TrainingAssert.AllFinite(summary);
        return net.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().data<float>().ToArray());
    }

    [Fact]
    public void TrainingGivesTheSameWeightsWhileAnotherThreadCollectsWithoutPause()
    {
        var expected = Runs.Select((settings, r) => Train(settings, $"reference-{r}")).ToArray();
        using var stop = new CancellationTokenSource();
        long collections = 0;
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // The youngest generation, where a Scalar just made lives: far cheaper than a full collection, so many more per second.
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                GC.WaitForPendingFinalizers();
                collections++;
            }
        }) { IsBackground = true, Name = "finalizer stress" };
        collector.Start();
        int runs = 0;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (runs < Runs.Length || clock.Elapsed < Budget)
            {
                int r = runs % Runs.Length;
                var actual = Train(Runs[r], $"stressed-{runs++}");
                foreach (var (name, values) in expected[r]) Assert.Equal(values, actual[name]);
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        Assert.True(collections > runs, $"only {collections} collections over {runs} runs");
    }
}
