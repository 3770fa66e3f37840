using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Bench;

/// <summary>Times training epochs on the embedded data side by side: pair batching (the 2019 scheme) vs image batching,
/// with the embedded ResNet-18 set up as `dissimnet train` sets it up by default (last stage trained, the rest cached).</summary>
static class RealTrainingBenchmark
{
    public static int Run(string[] args)
    {
        int epochs = args.Length > 0 ? int.Parse(args[0]) : 2;
        var data92 = Path.Combine(RepoPaths.Root(), "data", "92imageData");
        var images = ImageTensors.FromArray(ImageSet.LoadArray(Path.Combine(data92, "Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image"));
        var rdms = DataSpec.LoadArray(Path.Combine(data92, "92_brainRDMs.mat") + ":RDMs.RDM");
        var data = TrainingData.WithHoldout([new ImageSetWithRdms("92", images, rdms, "hIT")], "92", 0.5, 1, TargetTransform.ZScore);
        var defaults = SettingOverlay.Merge(TrainingSettings.Defaults, TrainingDefaults.For("resnet18-imagenet")); // its train layer and freeze range
        var settings = new TrainingSettings
        {
            TrainLayer = defaults.TrainLayer, Freeze = defaults.Freeze, Epochs = epochs, BatchSize = 32, Seed = 1,
            CandidateLayers = ["stage4"], Keep = CheckpointKeep.Last,
        };
        Console.WriteLine($"resnet18-imagenet, {data.PairCount} training pairs (46 of the 92 images), train {defaults.TrainLayer}, freeze {defaults.Freeze}, "
            + $"batch 32, {epochs} epochs each, {get_num_threads()} threads; seconds of training per epoch (validation excluded)");
        double pairs = Time("--pairing pairs  (32 pairs a batch)", data, settings with { Pairing = Pairing.Pairs });
        double imageBatches = Time("--pairing images (32 images a batch)", data, settings with { Pairing = Pairing.Images });
        Console.WriteLine($"  image batching is {pairs / imageBatches:F1}x faster per epoch");
        return 0;
    }

    static double Time(string label, TrainingData data, TrainingSettings settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dissimnet-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var network = NetworkZoo.Create("resnet18-imagenet");
            var summary = new SiameseTrainer(network, settings, new RsaScorer(ComparisonMethod.Spearman)).Run(data, folder);
            double perEpoch = summary.Epochs.Average(e => e.TrainSeconds);
            Console.WriteLine($"  {label,-38} {perEpoch,7:F2} s/epoch (final loss {summary.Epochs[^1].TrainLoss:F4})");
            return perEpoch;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }
}
