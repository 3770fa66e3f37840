using System.Diagnostics;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Models;
using DissimNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Bench;

/// <summary>Times an epoch of a fixed number of random batches (--batches-per-epoch) at n = 1,000 and 5,000 small synthetic images,
/// beside what an epoch over all pairs would take at the same cost per batch.</summary>
static class LargeSetTrainingBenchmark
{
    public static int Run(string[] args)
    {
        int batches = args.Length > 0 ? int.Parse(args[0]) : 50;
        const int batchSize = 32, side = 64;
        Console.WriteLine($"one epoch of {batches} random batches of {batchSize} images (all their pairs), {side} x {side} synthetic images, narrow AlexNet, {torch.get_num_threads()} threads");
        Console.WriteLine($"{"images",8} {"pairs",12} {"epoch (K batches)",18} {"per batch",10} {"all-pairs epoch: batches",25} {"would take",12} {"peak RSS",9}");
        foreach (int n in new[] { 1000, 5000 })
        {
            var data = TrainingData.WithValidation([new ImageSetWithRdms("set", Images(n, 1, side), Rdm(n, 2), "synthetic")],
                new ImageSetWithRdms("validation", Images(8, 3, side), Rdm(8, 4), "synthetic validation"), TargetTransform.ZScore);
            var settings = new TrainingSettings
            {
                TrainLayer = "conv4", Epochs = 1, BatchSize = batchSize, CandidateLayers = ["conv4"], BatchesPerEpoch = batches, Keep = CheckpointKeep.Last,
            };
            var folder = Path.Combine(Path.GetTempPath(), "dissimnet-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                using var net = SmallAlexNet(side);
                var summary = new SiameseTrainer(net, settings, new RsaScorer()).Run(data, folder);
                double epoch = summary.Epochs[0].TrainSeconds;
                long half = batchSize / 2, blocks = (n + half - 1) / half, full = blocks * (blocks - 1) / 2;
                Console.WriteLine($"{n,8} {(long)n * (n - 1) / 2,12:N0} {epoch,16:F2} s {epoch / batches * 1000,7:F0} ms {full,25:N0} {epoch / batches * full / 60,9:F0} min {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9,7:F2} GB");
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
            }
        }
        return 0;
    }

    static Tensor Images(int count, int seed, int side)
    {
        var rng = new Random(seed);
        var values = new byte[count * side * side * 3];
        rng.NextBytes(values);
        return tensor(values).reshape(count, side, side, 3);
    }

    /// <summary>One subject's random symmetric n x n RDM.</summary>
    static NdArray Rdm(int n, int seed)
    {
        var rng = new Random(seed);
        var data = new double[(long)n * n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) data[(long)i * n + j] = data[(long)j * n + i] = rng.NextDouble();
        return new NdArray([1, n, n], data);
    }

    static ITappableNetwork SmallAlexNet(int side)
    {
        random.manual_seed(1);
        return NetworkZoo.TorchVision("alexnet", new AlexNet(numClasses: 10, channels: [32, 64, 64, 64, 64], hidden: 64), m => m.Stages(), AlexNet.Aliases, side);
    }
}
