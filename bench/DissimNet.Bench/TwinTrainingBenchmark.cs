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
/// epoch for epoch: the speed ratio (PyTorch seconds / DissimNet seconds) of each pair of adjacent epochs, and each side's peak RSS.</summary>
/// <remarks>Both sides run as long-lived processes that train one epoch when told to, taking turns in ABBA order, so a change
/// in the machine's speed (a virtual machine's neighbours, the clock) reaches both epochs of a pair alike and neither side
/// always goes first. The first epoch of each
/// side (primitive creation, JIT) is a warm-up and not counted. The twin needs /usr/bin/python3 with torch and torchvision;
/// without them only DissimNet's side is measured.</remarks>
static class TwinTrainingBenchmark
{
    public static int Run(string[] args)
    {
        int imageEpochs = args.Length > 0 ? int.Parse(args[0]) : 16;
        int pairEpochs = args.Length > 1 ? int.Parse(args[1]) : 5;
        int threads = get_num_threads();
        Console.WriteLine($"training epoch, 46 images at 224, ResNet-18 stages 1-3 frozen and cached, stage 4 trained, correlation loss, SGD; {threads} threads; "
            + $"epochs taken in turns (ABBA order), {imageEpochs} (--pairing images) and {pairEpochs} (--pairing pairs) each, the first of each a warm-up");
        var twin = TwinProcess.TryStart(threads, out var why);
        if (twin is null) Console.WriteLine($"  PyTorch twin unavailable: {why}");
        double dissimnetPeak = 0, dissimnetWaiting = 0;
        foreach (var (scheme, epochs) in new[] { ("images", imageEpochs), ("pairs", pairEpochs) })
        {
            if (epochs < 2) continue; // nothing measured after the warm-up
            var (ours, theirs, peak, waiting) = Interleave(scheme, epochs, twin);
            dissimnetPeak = Math.Max(dissimnetPeak, peak);
            dissimnetWaiting += waiting;
            Report(scheme, ours.Skip(1).ToList(), theirs.Skip(1).ToList());
        }
        var (twinPeak, twinWaiting) = twin?.Quit() ?? (double.NaN, double.NaN);
        Console.WriteLine($"  peak RSS: DissimNet {dissimnetPeak:F2} GB, PyTorch {twinPeak:F2} GB");
        // What a side burned while the other trained (spinning threads, background work) slowed the other side's epochs.
        Console.WriteLine($"  CPU used while waiting for the other side: DissimNet {dissimnetWaiting:F2} s, PyTorch {twinWaiting:F2} s");
        return 0;
    }

    /// <summary>Trains <paramref name="epochs"/> epochs of one scheme in a DissimNet child and as many in the twin, in ABBA order.</summary>
    static (List<double> Ours, List<double> Theirs, double PeakGb, double WaitingCpu) Interleave(string scheme, int epochs, TwinProcess? twin)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(TwinTrainingBenchmark).Assembly.Location);
        foreach (var a in new[] { "training-twin-child", scheme, epochs.ToString() }) info.ArgumentList.Add(a);
        using var child = Process.Start(info)!;
        var ours = new List<double>();
        var theirs = new List<double>();
        for (int e = 0; e < epochs; e++)
        {
            var line = ReadJson(child.StandardOutput) ?? throw new InvalidOperationException($"DissimNet child stopped after {e} epochs");
            ours.Add(line.GetProperty("seconds").GetDouble());
            // ABBA order (DissimNet, PyTorch, PyTorch, DissimNet, ...), so neither side always runs first.
            if (twin is not null && e % 2 == 0)
                for (int k = e; k < Math.Min(e + 2, epochs); k++) theirs.Add(twin.Epoch(scheme));
            child.StandardInput.WriteLine("next");
            child.StandardInput.Flush();
        }
        var last = ReadJson(child.StandardOutput);
        child.WaitForExit();
        if (last is { } l)
            Console.WriteLine($"  --pairing {scheme,-6}  DissimNet's RSS after epoch 1: {l.GetProperty("rss_first_gb").GetDouble():F2} GB, "
                + $"after epoch {epochs}: {l.GetProperty("rss_last_gb").GetDouble():F2} GB");
        return (ours, theirs, last?.GetProperty("peak_rss_gb").GetDouble() ?? double.NaN, last?.GetProperty("waiting_cpu_s").GetDouble() ?? double.NaN);
    }

    static void Report(string scheme, List<double> ours, List<double> theirs)
    {
        string Sec(List<double> s) => s.Count == 0 ? "-" : $"{Median(s):F2} s/epoch (best {s.Min():F2})";
        Console.WriteLine($"  --pairing {scheme,-6}  DissimNet {Sec(ours)}   PyTorch {Sec(theirs)}");
        if (theirs.Count != ours.Count || ours.Count == 0) return;
        var ratios = ours.Select((o, i) => theirs[i] / o).Order().ToList();
        var (low, high) = MedianInterval(ratios);
        Console.WriteLine($"    ratio (speed DissimNet / PyTorch) over {ratios.Count} adjacent pairs: median {Median(ratios):F3}x "
            + $"(95% interval {low:F3}-{high:F3}x), middle 80% of pairs {Quantile(ratios, 0.1):F2}-{Quantile(ratios, 0.9):F2}x, "
            + $"DissimNet faster in {ratios.Count(r => r > 1)} of {ratios.Count}");
    }

    /// <summary>A distribution-free 95% interval for the median of sorted values: the order statistics the binomial
    /// (normal approximation) puts 1.96 standard deviations either side of the middle.</summary>
    static (double Low, double High) MedianInterval(List<double> sorted)
    {
        int n = sorted.Count;
        double half = 1.96 * Math.Sqrt(n) / 2;
        int low = Math.Max(0, (int)Math.Floor(n / 2.0 - half) - 1);
        int high = Math.Min(n - 1, (int)Math.Ceiling(n / 2.0 + half) - 1);
        return (sorted[low], sorted[high]);
    }

    static double Median(IEnumerable<double> values) => Quantile(values.Order().ToList(), 0.5);

    /// <summary>Linear-interpolation quantile of sorted values (numpy's default).</summary>
    static double Quantile(List<double> sorted, double q)
    {
        double at = q * (sorted.Count - 1);
        int low = (int)Math.Floor(at);
        return low + 1 < sorted.Count ? sorted[low] + (at - low) * (sorted[low + 1] - sorted[low]) : sorted[low];
    }

    static JsonElement? ReadJson(StreamReader reader)
    {
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            if (line.TrimStart().StartsWith('{')) return JsonDocument.Parse(line).RootElement.Clone();
        return null;
    }

    /// <summary>bench/training_twin.py in serve mode: one epoch per request.</summary>
    sealed class TwinProcess(Process process)
    {
        public static TwinProcess? TryStart(int threads, out string why)
        {
            var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { Path.Combine(RepoPaths.Root(), "bench", "training_twin.py"), "--serve", "--threads", threads.ToString() })
                info.ArgumentList.Add(a);
            try
            {
                var process = Process.Start(info)!;
                var stderr = process.StandardError.ReadToEndAsync();
                if (ReadJson(process.StandardOutput) is { } hello)
                {
                    why = "";
                    Console.WriteLine($"  PyTorch {hello.GetProperty("torch").GetString()}, {hello.GetProperty("threads").GetInt32()} threads");
                    return new TwinProcess(process);
                }
                process.WaitForExit();
                why = stderr.Result.Trim().Split('\n').LastOrDefault() ?? $"exit code {process.ExitCode}";
                return null;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                why = e.Message;
                return null;
            }
        }

        public double Epoch(string scheme)
        {
            process.StandardInput.WriteLine(scheme);
            process.StandardInput.Flush();
            return (ReadJson(process.StandardOutput) ?? throw new InvalidOperationException("the PyTorch twin stopped")).GetProperty("seconds").GetDouble();
        }

        /// <summary>Ends the twin; returns its peak RSS (GB) and the CPU seconds it used while waiting.</summary>
        public (double PeakGb, double WaitingCpu) Quit()
        {
            process.StandardInput.WriteLine("quit");
            process.StandardInput.Flush();
            var last = ReadJson(process.StandardOutput);
            process.WaitForExit();
            return last is { } l ? (l.GetProperty("peak_rss_gb").GetDouble(), l.GetProperty("waiting_cpu_s").GetDouble()) : (double.NaN, double.NaN);
        }
    }

    /// <summary>How long each side rests after an epoch before it reports (the twin's SETTLE_SECONDS): threads still spinning after
    /// the epoch then stop before the other side's epoch starts, and the CPU a side uses while it waits is only what it takes
    /// from the other side's epoch.</summary>
    const int SettleMilliseconds = 300;

    /// <summary>DissimNet's side: trains the given scheme for the given epochs, printing each epoch's training seconds as JSON
    /// and waiting for a line on standard input before the next; last, this process's peak RSS.</summary>
    public static int Child(string[] args)
    {
        var pairing = args[0] == "pairs" ? Pairing.Pairs : Pairing.Images;
        int epochs = int.Parse(args[1]);
        var data92 = Path.Combine(RepoPaths.Root(), "data", "92imageData");
        var images = ImageTensors.FromArray(ImageSet.LoadArray(Path.Combine(data92, "Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image"));
        var rdms = DataSpec.LoadArray(Path.Combine(data92, "92_brainRDMs.mat") + ":RDMs.RDM");
        var data = TrainingData.WithHoldout([new ImageSetWithRdms("92", images, rdms, "hIT")], "92", 0.5, 1, TargetTransform.ZScore);
        var defaults = SettingOverlay.Merge(TrainingSettings.Defaults, TrainingDefaults.For("resnet18-imagenet")); // its train layer and freeze range
        var settings = new TrainingSettings
        {
            TrainLayer = defaults.TrainLayer, Freeze = defaults.Freeze, Epochs = epochs, BatchSize = 32, Seed = 1,
            CandidateLayers = ["stage4"], Keep = CheckpointKeep.Last, Pairing = pairing,
        };
        var folder = Path.Combine(Path.GetTempPath(), "dissimnet-bench-" + Guid.NewGuid().ToString("N"));
        double waitingCpu = 0;
        var residentGb = new List<double>(); // after each epoch: a run must not grow with its length
        try
        {
            using var network = NetworkZoo.Create("resnet18-imagenet");
            var trainer = new SiameseTrainer(network, settings, new RsaScorer(ComparisonMethod.Spearman));
            trainer.EpochFinished += summary =>
            {
                if (summary.Epochs.Count == 0) return; // the baseline
                residentGb.Add(Environment.WorkingSet / 1e9);
                Thread.Sleep(SettleMilliseconds);
                Console.WriteLine(JsonSerializer.Serialize(new { epoch = summary.Epochs.Count, seconds = summary.Epochs[^1].TrainSeconds }));
                Console.Out.Flush();
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                Console.In.ReadLine();
                waitingCpu += (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
            };
            trainer.Run(data, folder);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            peak_rss_gb = Process.GetCurrentProcess().PeakWorkingSet64 / 1e9, waiting_cpu_s = waitingCpu,
            rss_first_gb = residentGb.FirstOrDefault(), rss_last_gb = residentGb.LastOrDefault(),
        }));
        return 0;
    }
}
