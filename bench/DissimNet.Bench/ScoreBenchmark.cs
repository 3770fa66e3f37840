using System.Diagnostics;
using System.Text.Json;
using DissimNet.Statistics;
using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Bench;

/// <summary>Times the library's full RSA score (per-subject Spearman, mean r², t-test, 1000 bootstrap resamples over
/// subjects and over conditions) against the same computation with numpy/scipy (score_scipy.py), on the same data and
/// the same resample draws, and checks that both give the same numbers.</summary>
internal static class ScoreBenchmark
{
    const int Conditions = 92, Subjects = 15, Resamples = 1000, Seed = 2019;

    public static int Run(string[] args)
    {
        string python = args.Length > 0 ? args[0] : "/usr/bin/python3";
        string script = Path.Combine(FindBenchFolder(), "score_scipy.py");
        string folder = Directory.CreateTempSubdirectory("dissimnet-bench-").FullName;

        var (model, subjects) = SyntheticData();
        var conditionDraws = Bootstrap.Draw(Conditions, Resamples, Seed);
        var subjectDraws = Bootstrap.Draw(Subjects, Resamples, Seed + 1);
        Npy.Write(Path.Combine(folder, "model.npy"), new NdArray([model.PairCount], model.Vector));
        Npy.Write(Path.Combine(folder, "subjects.npy"), new NdArray([Subjects, model.PairCount], subjects.Vectors));
        Npy.Write(Path.Combine(folder, "condition_draws.npy"), Flatten(conditionDraws));
        Npy.Write(Path.Combine(folder, "subject_draws.npy"), Flatten(subjectDraws));

        Score(model, subjects, conditionDraws, subjectDraws); // warm-up (JIT)
        const int repeats = 5;
        var times = new double[repeats];
        var ours = Score(model, subjects, conditionDraws, subjectDraws);
        for (int r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            ours = Score(model, subjects, conditionDraws, subjectDraws);
            times[r] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        double dotnetSeconds = times[repeats / 2];

        var process = Process.Start(new ProcessStartInfo(python, [script, folder]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"cannot start {python}");
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"{python} {script} failed (install with: apt-get install -y python3-scipy):\n{errors}");
            return 1;
        }
        var scipy = JsonDocument.Parse(output).RootElement;
        double scipySeconds = scipy.GetProperty("seconds").GetDouble();

        double worst = 0;
        void Check(double a, string name) => worst = Math.Max(worst, Math.Abs(a - scipy.GetProperty(name).GetDouble()));
        var perSubject = scipy.GetProperty("per_subject").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int s = 0; s < Subjects; s++) worst = Math.Max(worst, Math.Abs(perSubject[s] - ours.Score.PerSubject[s]));
        Check(ours.Score.MeanR2, "mean_r2");
        Check(ours.Score.R2Test!.PValue, "p_value");
        Check(ours.Subjects.Mean.Lower, "subjects_mean_lower");
        Check(ours.Subjects.Mean.Upper, "subjects_mean_upper");
        Check(ours.Conditions.Mean.Lower, "conditions_mean_lower");
        Check(ours.Conditions.Mean.Upper, "conditions_mean_upper");
        Check(ours.Conditions.MeanR2.Lower, "conditions_mean_r2_lower");
        Check(ours.Conditions.MeanR2.Upper, "conditions_mean_r2_upper");

        Console.WriteLine($"score: 1 model vs {Subjects} subjects, {Conditions} conditions, {Resamples} resamples over subjects and over conditions (Spearman)");
        Console.WriteLine($"  DissimNet (median of {repeats}): {dotnetSeconds * 1000,10:F1} ms");
        Console.WriteLine($"  Python/scipy {scipy.GetProperty("scipy_version").GetString(),-13}: {scipySeconds * 1000,10:F1} ms");
        Console.WriteLine($"  ratio (scipy / DissimNet):     {scipySeconds / dotnetSeconds,10:F1}x");
        Console.WriteLine($"  largest difference in any reported number: {worst:g3}");
        Console.WriteLine($"  95% CI of mean Spearman over conditions: [{ours.Conditions.Mean.Lower:F4}, {ours.Conditions.Mean.Upper:F4}], over subjects: [{ours.Subjects.Mean.Lower:F4}, {ours.Subjects.Mean.Upper:F4}]");
        Directory.Delete(folder, recursive: true);
        return worst < 1e-9 ? 0 : 1;
    }

    static (ModelScore Score, BootstrapResult Subjects, BootstrapResult Conditions) Score(Rdm model, RdmStack subjects, int[][] conditionDraws, int[][] subjectDraws)
    {
        var score = ModelEvaluation.Score(model, subjects);
        var overSubjects = Bootstrap.OverSubjects(score.PerSubject, subjectDraws);
        var overConditions = Bootstrap.OverConditions(model, subjects, conditionDraws);
        return (score, overSubjects, overConditions);
    }

    /// <summary>A model and 15 noisy subject RDMs sharing a structure; values rounded so that ties occur, as in real RDMs.</summary>
    static (Rdm Model, RdmStack Subjects) SyntheticData()
    {
        var random = new Random(Seed);
        int p = SquareForm.PairCount(Conditions);
        var truth = Enumerable.Range(0, p).Select(_ => random.NextDouble()).ToArray();
        var model = new Rdm([.. truth.Select(v => Math.Round(v + 0.5 * random.NextDouble(), 3))]);
        var data = new double[Subjects * p];
        for (int k = 0; k < data.Length; k++) data[k] = Math.Round(truth[k % p] + 1.5 * random.NextDouble(), 3);
        return (model, new RdmStack(Conditions, [Subjects], data));
    }

    static NdArray Flatten(int[][] draws)
    {
        var flat = draws.SelectMany(d => d).ToArray();
        return new NdArray([draws.Length, draws[0].Length], flat, ElementType.Int32);
    }

    static string FindBenchFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench");
            if (File.Exists(Path.Combine(candidate, "score_scipy.py"))) return candidate;
        }
        throw new InvalidOperationException("bench/score_scipy.py not found above " + AppContext.BaseDirectory);
    }
}
