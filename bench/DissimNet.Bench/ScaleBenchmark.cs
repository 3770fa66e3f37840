using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Statistics;

namespace DissimNet.Bench;

/// <summary>Growth with the number of conditions: the RDM of synthetic features (conditions x 512, correlation distance) and
/// the score of a synthetic model RDM against 3 subjects (Spearman, no bootstrap, with the noise ceiling), each in its own
/// child process so that its peak resident memory (VmHWM) is its own; numpy/scipy (scale_scipy.py) does the same work
/// beside it. Prints a Markdown table of times, peak memory and ratios and draws docs/images/scaling.png.</summary>
internal static class ScaleBenchmark
{
    const int Features = 512, Subjects = 3, Seed = 11;

    public static int Run(string[] args)
    {
        if (args.Length == 2 && args[0] == "--report") return Report(File.ReadLines(args[1]).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<Row>(l)!).ToList());
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1000, 4000, 10000, 20000];
        // Each size's row is appended here as it finishes, so a run cut short still reports (scale --report FILE).
        string record = Path.Combine(Path.GetTempPath(), $"dissimnet-scale-{DateTime.UtcNow:yyyyMMdd-HHmmss}.jsonl");
        Console.Error.WriteLine($"rows recorded in {record}");
        string python = Environment.GetEnvironmentVariable("PYTHON") ?? "/usr/bin/python3";
        string script = Path.Combine(RepoPaths.Root(), "bench", "scale_scipy.py");
        var rows = new List<Row>();
        foreach (int n in sizes)
        {
            string folder = Directory.CreateTempSubdirectory($"dissimnet-scale-{n}-").FullName;
            try
            {
                Console.Error.WriteLine($"n = {n}: writing synthetic features and RDMs to {folder}");
                WriteData(folder, n);
                string features = Path.Combine(folder, "features.npy"), model = Path.Combine(folder, "model.npy"), subjects = Path.Combine(folder, "subjects.npy");
                var ourRdm = RunChild(Self("scale-child", "rdm", features, Path.Combine(folder, "ours.npy")));
                var theirRdm = RunChild([python, script, "rdm", features, Path.Combine(folder, "scipy.npy")]);
                double rdmDifference = LargestDifference(Path.Combine(folder, "ours.npy"), Path.Combine(folder, "scipy.npy"));
                var ourScore = RunChild(Self("scale-child", "score", model, subjects));
                var theirScore = RunChild([python, script, "score", model, subjects]);
                double scoreDifference = new[] { "lower", "upper" }.Max(k => Math.Abs(ourScore.GetProperty(k).GetDouble() - theirScore.GetProperty(k).GetDouble()));
                var ourPer = ourScore.GetProperty("per_subject").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var theirPer = theirScore.GetProperty("per_subject").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                for (int s = 0; s < Subjects; s++) scoreDifference = Math.Max(scoreDifference, Math.Abs(ourPer[s] - theirPer[s]));
                var row = new Row(n, SquareForm.PairCount(n), Measure(ourRdm), Measure(theirRdm), Measure(ourScore), Measure(theirScore), rdmDifference, scoreDifference);
                rows.Add(row);
                File.AppendAllText(record, JsonSerializer.Serialize(row) + "\n");
                Console.Error.WriteLine($"  rdm {row.OurRdm.Seconds:F1} s / {row.OurRdm.PeakMb:F0} MB (scipy {row.TheirRdm.Seconds:F1} s / {row.TheirRdm.PeakMb:F0} MB); "
                    + $"score {row.OurScore.Seconds:F1} s / {row.OurScore.PeakMb:F0} MB (scipy {row.TheirScore.Seconds:F1} s / {row.TheirScore.PeakMb:F0} MB)");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        return Report(rows);
    }

    /// <summary>Prints the table and draws the plot of measured rows.</summary>
    static int Report(List<Row> rows)
    {
        string table = Table(rows);
        Console.WriteLine(table);
        string plot = Path.Combine(RepoPaths.Root(), "docs", "images", "scaling.png");
        ScalePlot.Save(rows, plot);
        Console.WriteLine($"plot written to {plot}");
        return rows.All(r => r.RdmDifference < 1e-5 && r.ScoreDifference < 1e-9) ? 0 : 1;
    }

    /// <summary>The child process: one measured piece of work, its result and peak memory printed as JSON.</summary>
    public static int Child(string[] args)
    {
        var watch = Stopwatch.StartNew();
        var json = new StringBuilder("{");
        if (args[0] == "rdm")
        {
            var features = Npy.Read(args[1]);
            int n = features.Shape[0], d = features.Shape[1];
            NpyFloatWriter.Write(args[2], [SquareForm.PairCount(n)], write => BlockFeatureRdm.Compute((float[])features.Data, n, d, DistanceMetric.Correlation, write));
        }
        else
        {
            var score = LargeRdmFiles.TryScore(args[1], null, args[2], new ScoreOptions())
                ?? throw new InvalidOperationException("the synthetic RDMs should take the large-RDM path");
            json.Append(CultureInfo.InvariantCulture, $"\"per_subject\": [{string.Join(", ", score.PerSubject.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}], ");
            json.Append(CultureInfo.InvariantCulture, $"\"lower\": {score.NoiseCeiling!.Lower:R}, \"upper\": {score.NoiseCeiling.Upper:R}, ");
        }
        json.Append(CultureInfo.InvariantCulture, $"\"seconds\": {watch.Elapsed.TotalSeconds:R}, \"peak_kb\": {PeakKb()}}}");
        Console.WriteLine(json);
        return 0;
    }

    /// <summary>VmHWM of this process, in kB.</summary>
    static long PeakKb() => long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    internal readonly record struct Measured(double Seconds, double PeakMb);

    internal sealed record Row(int Conditions, long Pairs, Measured OurRdm, Measured TheirRdm, Measured OurScore, Measured TheirScore,
        double RdmDifference, double ScoreDifference);

    static Measured Measure(JsonElement e) => new(e.GetProperty("seconds").GetDouble(), e.GetProperty("peak_kb").GetDouble() / 1024);

    static string[] Self(params string[] args)
    {
        string host = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, typeof(ScaleBenchmark).Assembly.Location, .. args] : [host, .. args];
    }

    static JsonElement RunChild(string[] command)
    {
        var process = Process.Start(new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"cannot start {command[0]}");
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(" ", command)} failed:\n{errors.Result}");
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
    }

    /// <summary>Features: 20 category centres plus noise per condition. RDMs: a shared random structure plus independent noise per
    /// subject (the model with less), float32, generated and written in pieces so that even 20,000 conditions need little memory.</summary>
    static void WriteData(string folder, int n)
    {
        var random = new Random(Seed);
        var centres = new float[20 * Features];
        for (int i = 0; i < centres.Length; i++) centres[i] = (float)random.NextDouble();
        NpyFloatWriter.Write(Path.Combine(folder, "features.npy"), [n, Features], write =>
        {
            var row = new float[Features];
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < Features; k++) row[k] = centres[i % 20 * Features + k] + (float)random.NextDouble();
                write(row);
            }
        });
        int p = SquareForm.PairCount(n);
        const int chunk = 1 << 20;
        void Rdms(string name, int count, double noise, int seed) => NpyFloatWriter.Write(Path.Combine(folder, name), count == 1 ? [p] : [count, p], write =>
        {
            var values = new float[chunk];
            for (int k = 0; k < count; k++)
                for (int start = 0, c = 0; start < p; start += chunk, c++)
                {
                    var truth = new Random(Seed * 1000 + c);              // the same structure for every RDM
                    var own = new Random(seed * 7919 + k * 104729 + c);    // each RDM's own noise
                    int length = Math.Min(chunk, p - start);
                    for (int i = 0; i < length; i++) values[i] = (float)(truth.NextDouble() + noise * own.NextDouble());
                    write(values.AsSpan(0, length));
                }
        });
        Rdms("model.npy", 1, 0.5, 1);
        Rdms("subjects.npy", Subjects, 1.5, 2);
    }

    static double LargestDifference(string ours, string theirs)
    {
        using var a = RdmVectors.OpenNpy(ours, ours)!;
        using var b = RdmVectors.OpenNpy(theirs, theirs)!;
        var x = new double[1 << 20];
        var y = new double[1 << 20];
        double worst = 0;
        for (int start = 0; start < a.PairCount; start += x.Length)
        {
            int length = Math.Min(x.Length, a.PairCount - start);
            a.Read(0, start, x.AsSpan(0, length));
            b.Read(0, start, y.AsSpan(0, length));
            for (int i = 0; i < length; i++) worst = Math.Max(worst, Math.Abs(x[i] - y[i]));
        }
        return worst;
    }

    static string Table(List<Row> rows)
    {
        var text = new StringBuilder();
        string F(double v) => v.ToString(v < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);
        string M(double mb) => mb >= 1024 ? (mb / 1024).ToString("F2", CultureInfo.InvariantCulture) + " GB" : mb.ToString("F0", CultureInfo.InvariantCulture) + " MB";
        text.AppendLine("| conditions | pairs | RDM from features: DissimNet | scipy `pdist` | time ratio | memory ratio | score + noise ceiling (3 subjects): DissimNet | scipy `spearmanr` + ranks | time ratio | memory ratio |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Conditions:N0} | {r.Pairs / 1e6:F1} M | {F(r.OurRdm.Seconds)} s, {M(r.OurRdm.PeakMb)} | {F(r.TheirRdm.Seconds)} s, {M(r.TheirRdm.PeakMb)} | {r.TheirRdm.Seconds / r.OurRdm.Seconds:F2}x | {r.OurRdm.PeakMb / r.TheirRdm.PeakMb:F2} | " +
                $"{F(r.OurScore.Seconds)} s, {M(r.OurScore.PeakMb)} | {F(r.TheirScore.Seconds)} s, {M(r.TheirScore.PeakMb)} | {r.TheirScore.Seconds / r.OurScore.Seconds:F2}x | {r.OurScore.PeakMb / r.TheirScore.PeakMb:F2} |"));
        text.AppendLine();
        text.AppendLine("Time ratio: scipy's time / DissimNet's (above 1: DissimNet faster). Memory ratio: DissimNet's peak RSS / scipy's (below 1: DissimNet smaller). "
            + $"Largest differences: RDM {rows.Max(r => r.RdmDifference):g2} (float32 output), scores {rows.Max(r => r.ScoreDifference):g2}.");
        return text.ToString();
    }
}
