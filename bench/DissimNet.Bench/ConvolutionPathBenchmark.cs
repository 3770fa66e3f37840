using System.Diagnostics;
using System.Text.Json;
using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using DissimNet.Rdms;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Bench;

/// <summary>Times ResNet-18 on each convolution path (oneDNN, oneDNN limited to SSE4.1, libtorch's reference kernels),
/// each in a fresh process because oneDNN reads its instruction-set limit once at start-up.</summary>
static class ConvolutionPathBenchmark
{
    record Measurement(string Path, string Status, double FullStepSeconds, double EpochSeconds, double ForwardSeconds, double PeakRssMiB);

    public static int Run(string[] args)
    {
        int repeats = args.Length > 0 ? int.Parse(args[0]) : 2;
        Console.WriteLine($"resnet18-imagenet on the embedded 92 images, {get_num_threads()} threads, {Environment.ProcessorCount} cores; "
            + $"each path in its own process (DISSIMNET_CONV), best of {repeats}");
        Console.WriteLine("  full step:  forward + backward of the whole network, 16 images at 224 (every layer trained)");
        Console.WriteLine("  epoch:      one `train` epoch as by default (46 images, stage4 trained on the cached stage3 output, batch 32), validation excluded");
        Console.WriteLine("  forward:    features of all 92 images at stage1-4 and pool (as `rdm`)");
        var results = new List<Measurement>();
        foreach (var path in new[] { ConvolutionPath.OneDnn, ConvolutionPath.OneDnnSse41, ConvolutionPath.Reference })
        {
            var measurement = RunChild(path, repeats);
            if (measurement is null) return 1;
            results.Add(measurement);
        }
        var fast = results[0];
        Console.WriteLine($"| path | full step (s) | epoch (s) | forward 92 (s) | peak RSS (MiB) | full step vs onednn | self-check |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var m in results)
            Console.WriteLine($"| {m.Path} | {m.FullStepSeconds:F2} | {m.EpochSeconds:F2} | {m.ForwardSeconds:F2} | {m.PeakRssMiB:F0} | "
                + $"{m.FullStepSeconds / fast.FullStepSeconds:F2}x the time | {m.Status} |");
        return 0;
    }

    static Measurement? RunChild(ConvolutionPath path, int repeats)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(ConvolutionPathBenchmark).Assembly.Location);
        start.ArgumentList.Add("cpu-paths-child");
        start.ArgumentList.Add(repeats.ToString());
        start.Environment[ConvolutionPathNames.Variable] = path.Name();
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            Console.Error.WriteLine($"{path.Name()}: child exited with {child.ExitCode}");
            return null;
        }
        return JsonSerializer.Deserialize<Measurement>(output.Trim().Split('\n')[^1]);
    }

    /// <summary>The measuring side, run in a child process whose path DISSIMNET_CONV fixed at start-up.</summary>
    public static int Child(string[] args)
    {
        int repeats = int.Parse(args[0]);
        var status = ConvolutionGuard.EnsureVerified();
        var data92 = Path.Combine(RepoPaths.Root(), "data", "92imageData");
        var images = ImageSet.LoadArray(Path.Combine(data92, "Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
        using var network = NetworkZoo.Create("resnet18-imagenet");

        double full = Best(repeats, () => FullStep(network, images));
        double forward = Best(repeats, () => NetworkRdms.Compute(network, images, ["stage1", "stage2", "stage3", "stage4", "pool"]));
        double epoch = Best(repeats, () => DefaultEpoch(network, images, data92));
        var peak = PeakRssMiB();
        Console.WriteLine(JsonSerializer.Serialize(new Measurement(status.Path.Name(),
            $"max rel. error {status.WorstRelativeError:0.0e+0}", full, epoch, forward, peak)));
        return 0;
    }

    static void FullStep(ITappableNetwork network, NdArray images)
    {
        using var scope = NewDisposeScope();
        var input = network.Preprocess(ImageTensors.FromArray(images).narrow(0, 0, 16));
        network.Module.train();
        network.Module.zero_grad();
        var output = network.Forward(input, [network.Layers[^1]]).Values.Single();
        output.square().mean().backward();
        network.Module.eval();
    }

    static double DefaultEpoch(ITappableNetwork network, NdArray images, string data92)
    {
        var rdms = DataSpec.LoadArray(Path.Combine(data92, "92_brainRDMs.mat") + ":RDMs.RDM");
        var data = TrainingData.WithHoldout([new ImageSetWithRdms("92", ImageTensors.FromArray(images), rdms, "hIT")], "92", 0.5, 1, TargetTransform.ZScore);
        var defaults = SettingOverlay.Merge(TrainingSettings.Defaults, TrainingDefaults.For("resnet18-imagenet")); // its train layer and freeze range
        var settings = new TrainingSettings
        {
            TrainLayer = defaults.TrainLayer, Freeze = defaults.Freeze, Epochs = 1, BatchSize = 32, Seed = 1,
            CandidateLayers = ["stage4"], Keep = CheckpointKeep.Last,
        };
        var folder = Path.Combine(Path.GetTempPath(), "dissimnet-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var fresh = NetworkZoo.Create("resnet18-imagenet");
            return new SiameseTrainer(fresh, settings, new RsaScorer(ComparisonMethod.Spearman)).Run(data, folder).Epochs[^1].TrainSeconds;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    static double Best(int repeats, Action work) => Best(repeats, () => { var clock = Stopwatch.StartNew(); work(); return clock.Elapsed.TotalSeconds; });

    static double Best(int repeats, Func<double> seconds)
    {
        seconds(); // warm-up: oneDNN builds its kernels on first use
        return Enumerable.Range(0, repeats).Min(_ => seconds());
    }

    static double PeakRssMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
