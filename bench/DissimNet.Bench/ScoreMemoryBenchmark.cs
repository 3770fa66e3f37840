using System.Diagnostics;
using System.Globalization;
using System.Text;
using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Bench;

/// <summary>Peak memory of `dissimnet score` and `noise-ceiling` against the size of the RDMs they read, for every input path
/// (condensed and square .npy, compressed .mat v5, every kind of comparison, raw pooling, the bootstrap): the goal is at most
/// about 3x. Each request runs the CLI in its own process; its peak RSS is its VmHWM, polled every 10 ms until it exits.</summary>
static class ScoreMemoryBenchmark
{
    const int Subjects = 4, Seed = 5;

    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
        string cli = CliAssembly();
        string folder = Directory.CreateTempSubdirectory("dissimnet-score-memory-").FullName;
        try
        {
            Console.Error.WriteLine($"writing synthetic RDMs of {n:N0} conditions ({Subjects} subjects) to {folder}");
            var large = WriteSet(folder, "large", n);
            string mat = Path.Combine(folder, "large-square.mat");
            Dotnet(cli, ["convert-rdms", "--from", large.Square, "--out", mat, "--quiet"]);
            long squareDoubles = (long)Subjects * n * n * 8;

            var requests = new (string What, string[] Args, long InputBytes)[]
            {
                ("`score` Spearman, condensed .npy", ["score", "--model", large.Model, "--target", large.Condensed, "--bootstrap", "0"], large.ModelBytes + large.CondensedBytes),
                ("`score --metric pearson`, condensed", ["score", "--metric", "pearson", "--model", large.Model, "--target", large.Condensed, "--bootstrap", "0"], large.ModelBytes + large.CondensedBytes),
                ("`score --metric cosine`, condensed", ["score", "--metric", "cosine", "--model", large.Model, "--target", large.Condensed, "--bootstrap", "0"], large.ModelBytes + large.CondensedBytes),
                ("`score --metric tau-b`, condensed", ["score", "--metric", "tau-b", "--model", large.Model, "--target", large.Condensed, "--bootstrap", "0"], large.ModelBytes + large.CondensedBytes),
                ("`noise-ceiling --nc-pooling raw`, condensed", ["noise-ceiling", "--nc-pooling", "raw", "--target", large.Condensed], large.CondensedBytes),
                ("`score` Spearman, square .npy target", ["score", "--model", large.Model, "--target", large.Square, "--bootstrap", "0"], large.ModelBytes + large.SquareBytes),
                ("`score`, .mat v5 target (double, compressed)", ["score", "--model", large.Model, "--target", mat + ":RDMs", "--bootstrap", "0"], large.ModelBytes + squareDoubles),
                ("`score --bootstrap 100`, condensed", ["score", "--model", large.Model, "--target", large.Condensed, "--bootstrap", "100"], large.ModelBytes + large.CondensedBytes),
                ("`score --metric pearson --bootstrap 100`, condensed", ["score", "--metric", "pearson", "--model", large.Model, "--target", large.Condensed, "--bootstrap", "100"], large.ModelBytes + large.CondensedBytes),
            };
            // The runtime and the CLI's own start take memory whatever the input: measured once, shown beside each ratio.
            var (baseline, _) = Dotnet(cli, ["score", "--help"]);
            var table = new StringBuilder();
            table.AppendLine($"{n:N0} conditions ({SquareForm.PairCount(n):N0} pairs), {Subjects} subjects, float32 unless stated; peak RSS polled from /proc "
                + $"every 10 ms; the process alone (`score --help`) peaks at {Size(baseline)}");
            table.AppendLine();
            table.AppendLine("| request | RDM values read | peak RSS | peak / values read | (peak - process alone) / values read | wall |");
            table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (what, command, input) in requests)
            {
                Console.Error.WriteLine($"  {what} ...");
                var (peakBytes, seconds) = Dotnet(cli, [.. command, "--json", "--quiet"]);
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {what} | {Size(input)} | {Size(peakBytes)} | {(double)peakBytes / input:F1}x | {(double)(peakBytes - baseline) / input:F1}x | {seconds:F1} s |"));
            }
            Console.WriteLine(table);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static string Size(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("F2", CultureInfo.InvariantCulture) + " GB"
        : (bytes / (double)(1L << 20)).ToString("F0", CultureInfo.InvariantCulture) + " MB";

    sealed record SetFiles(string Model, string Condensed, string Square, long ModelBytes, long CondensedBytes, long SquareBytes);

    /// <summary>A model RDM and <see cref="Subjects"/> subject RDMs sharing one random structure (each with its own noise and some
    /// exact ties, as rounded data have), condensed float32 .npy files, and the subjects again as a square float32 stack.</summary>
    static SetFiles WriteSet(string folder, string name, int n)
    {
        int pairs = SquareForm.PairCount(n);
        var subjects = new float[(long)Subjects * pairs];
        var model = new float[pairs];
        var shared = new Random(Seed);
        var noise = new Random(Seed + 1);
        for (int p = 0; p < pairs; p++)
        {
            double truth = shared.NextDouble();
            model[p] = (float)(truth + 0.5 * noise.NextDouble());
            for (int s = 0; s < Subjects; s++)
                subjects[(long)s * pairs + p] = MathF.Round((float)(truth + 1.5 * noise.NextDouble()), 3);
        }
        string Path_(string suffix) => Path.Combine(folder, $"{name}-{suffix}.npy");
        NpyFloatWriter.Write(Path_("model"), [pairs], write => write(model));
        NpyFloatWriter.Write(Path_("condensed"), [Subjects, pairs], write =>
        {
            for (int s = 0; s < Subjects; s++) write(subjects.AsSpan(s * pairs, pairs));
        });
        NpyFloatWriter.Write(Path_("square"), [Subjects, n, n], write =>
        {
            var row = new float[n];
            for (int s = 0; s < Subjects; s++)
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++) row[j] = i == j ? 0 : subjects[(long)s * pairs + SquareForm.PairIndex(i, j, n)];
                    write(row);
                }
        });
        return new SetFiles(Path_("model"), Path_("condensed"), Path_("square"), 4L * pairs, 4L * Subjects * pairs, 4L * Subjects * n * n);
    }

    /// <summary>The CLI's assembly, built beside this benchmark (same configuration) through the project reference.</summary>
    static string CliAssembly()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        string configuration = framework.Parent!.Name;
        string path = Path.Combine(RepoPaths.Root(), "src", "DissimNet.Cli", "bin", configuration, framework.Name, "DissimNet.Cli.dll");
        if (!File.Exists(path)) throw new DissimNetException($"{path} not found: build the CLI first (dotnet build -c {configuration} src/DissimNet.Cli)");
        return path;
    }

    /// <summary>Runs the CLI with <paramref name="args"/> and returns its peak resident memory (bytes) and wall time.</summary>
    static (long PeakBytes, double Seconds) Dotnet(string cli, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(cli);
        foreach (var a in args) info.ArgumentList.Add(a);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        long peakKb = 0;
        string status = $"/proc/{process.Id}/status";
        while (!process.HasExited)
        {
            try
            {
                foreach (var line in File.ReadLines(status))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        peakKb = Math.Max(peakKb, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
            }
            catch (IOException) { } // the process ended between the check and the read
            Thread.Sleep(10);
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dissimnet {string.Join(" ", args)} failed ({process.ExitCode}):\n{errors.Result}{output.Result}");
        return (peakKb * 1024, watch.Elapsed.TotalSeconds);
    }
}
