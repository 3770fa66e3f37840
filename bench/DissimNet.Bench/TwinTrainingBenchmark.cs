using System.Diagnostics;
using System.Text.Json;
using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Bench;

/// <summary>DissimNet's default training step on the embedded 46 training images beside its PyTorch twin (bench/training_twin.py),
/// interleaved and repeated, with the speed ratio (DissimNet speed / PyTorch speed) and each side's peak RSS.</summary>
/// <remarks>The twin needs /usr/bin/python3 with torch and torchvision; without them only DissimNet's side is measured.
/// Each DissimNet round runs in a child process (this benchmark with "training-twin-child") so its peak RSS is its own.</remarks>
static class TwinTrainingBenchmark
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0]) : 3;
        int threads = get_num_threads();
        var twin = Path.Combine(RepoPaths.Root(), "bench", "training_twin.py");
        Console.WriteLine($"training epoch, 46 images at 224, ResNet-18 stages 1-3 frozen and cached, stage 4 trained, correlation loss, SGD; "
            + $"{threads} threads, {rounds} interleaved rounds, best epoch of 2 per round");
        var ours = new List<JsonElement>();
        var theirs = new List<JsonElement>();
        for (int r = 0; r < rounds; r++)
        {
            var self = Environment.ProcessPath!;
            string[] childArgs = Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? [typeof(TwinTrainingBenchmark).Assembly.Location, "training-twin-child"] : ["training-twin-child"];
            if (RunJson(self, childArgs, out var mine, out var why)) ours.Add(mine);
            else Console.WriteLine($"  DissimNet round failed: {why}");
            if (RunJson("/usr/bin/python3", [twin, "--threads", threads.ToString()], out var twinResult, out var twinWhy)) theirs.Add(twinResult);
            else if (r == 0) Console.WriteLine($"  PyTorch twin unavailable: {twinWhy}");
        }
        foreach (var scheme in new[] { "images", "pairs" })
        {
            double dissimnet = ours.Count > 0 ? ours.Min(e => e.GetProperty(scheme).GetDouble()) : double.NaN;
            double pytorch = theirs.Count > 0 ? theirs.Min(e => e.GetProperty(scheme).GetDouble()) : double.NaN;
            string ratio = double.IsNaN(pytorch) ? "-" : $"{pytorch / dissimnet:F2}x";
            Console.WriteLine($"  --pairing {scheme,-6}  DissimNet {dissimnet,7:F2} s/epoch   PyTorch {pytorch,7:F2} s/epoch   ratio (speed DissimNet / PyTorch) {ratio}");
        }
        Console.WriteLine($"  peak RSS: DissimNet {(ours.Count > 0 ? ours.Max(e => e.GetProperty("peak_rss_gb").GetDouble()) : double.NaN):F2} GB, "
            + $"PyTorch {(theirs.Count > 0 ? theirs.Max(e => e.GetProperty("peak_rss_gb").GetDouble()) : double.NaN):F2} GB");
        return ours.Count > 0 ? 0 : 1;
    }

    static bool RunJson(string file, string[] arguments, out JsonElement result, out string why)
    {
        result = default;
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            process.WaitForExit();
            var last = lines.LastOrDefault(l => l.TrimStart().StartsWith('{'));
            if (process.ExitCode != 0 || last is null)
            {
                why = stderr.Result.Trim().Split('\n').LastOrDefault() ?? $"exit code {process.ExitCode}";
                return false;
            }
            result = JsonDocument.Parse(last).RootElement.Clone();
            why = "";
            return true;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = e.Message;
            return false;
        }
    }

    /// <summary>One round of DissimNet's side: 2 epochs of each scheme, the best epoch's training seconds and this process's peak RSS, as JSON.</summary>
    public static int Child(string[] args)
    {
        var data92 = Path.Combine(RepoPaths.Root(), "data", "92imageData");
        var images = ImageTensors.FromArray(ImageSet.LoadArray(Path.Combine(data92, "Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image"));
        var rdms = DataSpec.LoadArray(Path.Combine(data92, "92_brainRDMs.mat") + ":RDMs.RDM");
        var data = TrainingData.WithHoldout([new ImageSetWithRdms("92", images, rdms, "hIT")], "92", 0.5, 1, TargetTransform.ZScore);
        var defaults = TrainingDefaults.For("resnet18-imagenet")!;
        var settings = new TrainingSettings
        {
            TrainLayer = defaults.TrainLayer, Freeze = defaults.Freeze, Epochs = 2, BatchSize = 32, Seed = 1,
            CandidateLayers = ["stage4"], Keep = CheckpointKeep.Last,
        };
        var result = new Dictionary<string, double>();
        foreach (var (name, pairing) in new[] { ("images", Pairing.Images), ("pairs", Pairing.Pairs) })
        {
            var folder = Path.Combine(Path.GetTempPath(), "dissimnet-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                using var network = NetworkZoo.Create("resnet18-imagenet");
                var summary = new SiameseTrainer(network, settings with { Pairing = pairing }, new RsaScorer(ComparisonMethod.Spearman)).Run(data, folder);
                result[name] = summary.Epochs.Min(e => e.TrainSeconds);
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
            }
        }
        result["peak_rss_gb"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1e9;
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }
}
