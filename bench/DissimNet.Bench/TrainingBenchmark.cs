using System.Diagnostics;
using DissimNet;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Models;
using DissimNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Bench;

/// <summary>Times one training epoch side by side: pair batching (the 2019 scheme) vs image batching, and a frozen prefix recomputed vs cached.</summary>
static class TrainingBenchmark
{
    public static int Run(string[] args)
    {
        int images = args.Length > 0 ? int.Parse(args[0]) : 40;
        var data = TrainingData.WithValidation([new ImageSetWithRdms("set", Images(images, 1), Rdms(4, images, 2), "synthetic")],
            new ImageSetWithRdms("validation", Images(8, 3), Rdms(4, 8, 4), "synthetic validation"), TargetTransform.ZScore);
        Console.WriteLine($"one epoch over {data.PairCount} pairs of {images} images (64 x 64, narrow AlexNet, {torch.get_num_threads()} threads)");
        var baseSettings = new TrainingSettings { TrainLayer = "conv4", Epochs = 1, BatchSize = 32, CandidateLayers = ["conv4"] };
        double pairs = Time("pair batching, 32 pairs/batch", data, baseSettings with { Pairing = Pairing.Pairs });
        double imagesTime = Time("image batching, 32 images/batch", data, baseSettings with { Pairing = Pairing.Images });
        Console.WriteLine($"  image batching is {pairs / imagesTime:F1}x faster than pair batching");
        var frozen = baseSettings with { Pairing = Pairing.Pairs, Freeze = "upto:conv3" };
        double full = Time("pairs, up to conv3 frozen, recomputed", data, frozen with { CacheFrozenPrefix = false });
        double cached = Time("pairs, up to conv3 frozen, cached", data, frozen);
        Console.WriteLine($"  caching the frozen prefix is {full / cached:F1}x faster");
        return 0;
    }

    static double Time(string label, TrainingData data, TrainingSettings settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dissimnet-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var net = SmallAlexNet();
            var clock = Stopwatch.StartNew();
            var summary = new SiameseTrainer(net, settings, new RsaScorer()).Run(data, folder);
            clock.Stop();
            double epoch = summary.Epochs[0].TrainSeconds;
            Console.WriteLine($"  {label,-36} {epoch,7:F2} s/epoch (loss {summary.Epochs[0].TrainLoss:F4})");
            return epoch;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    static Tensor Images(int count, int seed)
    {
        var rng = new Random(seed);
        var values = new float[count * 64 * 64 * 3];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 255);
        return tensor(values).reshape(count, 64, 64, 3);
    }

    static NdArray Rdms(int subjects, int n, int seed)
    {
        var rng = new Random(seed);
        var data = new double[subjects * n * n];
        for (int s = 0; s < subjects; s++)
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) data[(s * n + i) * n + j] = data[(s * n + j) * n + i] = rng.NextDouble();
        return new NdArray([subjects, n, n], data);
    }

    /// <summary>A narrow AlexNet (TorchVision's layout and names) at 64 x 64 input, seeded.</summary>
    static ITappableNetwork SmallAlexNet()
    {
        random.manual_seed(1);
        return NetworkZoo.TorchVision("alexnet", new AlexNet(numClasses: 10, channels: [32, 64, 64, 64, 64], hidden: 64), m => m.Stages(), AlexNet.Aliases, 64);
    }
}
