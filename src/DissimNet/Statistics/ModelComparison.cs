using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>How model differences and model scores are tested.</summary>
public enum ComparisonTest
{
    /// <summary>t-tests over subjects: paired between models (scipy's ttest_rel), one-sided above 0 and two-sided against the
    /// lower noise ceiling taken as fixed, as rsatoolbox's t-tests of fixed models; t-based intervals.</summary>
    TTest,
    /// <summary>Bootstrap over subjects and/or conditions with shared resamples: percentile intervals and rsatoolbox's bootstrap p-values.</summary>
    Bootstrap,
}

/// <summary>Options for <see cref="ModelComparison.Compare"/>.</summary>
public sealed record ComparisonOptions
{
    /// <summary>The accepted names of <see cref="ComparisonTest"/>.</summary>
    public static readonly string[] TestNames = ["t", "bootstrap"];

    /// <summary>Comparison method (Spearman by default).</summary>
    public ComparisonMethod Method { get; init; } = ComparisonMethod.Spearman;

    /// <summary>t-tests (default) or a bootstrap.</summary>
    public ComparisonTest Test { get; init; } = ComparisonTest.TTest;

    /// <summary>Correction within each family of tests (pairwise differences; above 0; against the ceiling).</summary>
    public MultipleComparisonCorrection Correction { get; init; } = MultipleComparisonCorrection.Fdr;

    /// <summary>Significance level of the corrected p-values.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Confidence level of the intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Bootstrap resamples (with <see cref="ComparisonTest.Bootstrap"/>).</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>What the bootstrap resamples.</summary>
    public BootstrapUnits BootstrapUnits { get; init; } = BootstrapUnits.Subjects;

    /// <summary>Seed of the bootstrap's random generator.</summary>
    public int Seed { get; init; }

    /// <summary>How subjects' RDMs are pooled for the noise ceiling.</summary>
    public NoiseCeilingPooling NoiseCeilingPooling { get; init; } = NoiseCeilingPooling.Matched;

    /// <summary>The name of a test.</summary>
    public static string TestName(ComparisonTest test) => test == ComparisonTest.Bootstrap ? "bootstrap" : "t";

    /// <summary>The test a name stands for.</summary>
    public static ComparisonTest ParseTest(string name) => name.Trim().ToLowerInvariant() switch
    {
        "t" or "t-test" or "ttest" => ComparisonTest.TTest,
        "bootstrap" => ComparisonTest.Bootstrap,
        _ => throw new SettingException($"unknown test '{name}' (expected one of: {string.Join(", ", TestNames)})", "Test"),
    };
}

/// <summary>Compares several model RDMs against the same subject RDMs: each model's mean with an interval, the noise ceiling,
/// tests of each model against 0 and against the lower ceiling, and paired tests of every pair of models, each family of
/// p-values corrected for multiple comparisons (Nili et al. 2014; rsatoolbox's model comparison).</summary>
public static class ModelComparison
{
    /// <summary>Runs the comparison. <paramref name="names"/> label the models in messages and results.</summary>
    /// <remarks>Subjects whose RDMs are entirely NaN are left out of every number, with a note (see <see cref="SubjectsWithData"/>).</remarks>
    public static ModelComparisonResult Compare(IReadOnlyList<Rdm> models, IReadOnlyList<string> names, RdmStack target,
        ComparisonOptions? options = null, IProgressSink? progress = null, string targetSource = "target",
        IReadOnlyList<int[]>? subjectDraws = null, IReadOnlyList<int[]>? conditionDraws = null)
    {
        options ??= new ComparisonOptions();
        if (models.Count != names.Count) throw new ArgumentException($"{models.Count} models but {names.Count} names", nameof(names));
        if (models.Count < 1) throw new SettingException("a comparison needs at least one model", "Models");
        if (!(options.Alpha > 0 && options.Alpha < 1)) throw new SettingException($"alpha must lie between 0 and 1, got {options.Alpha}", "Alpha");
        if (!(options.ConfidenceLevel > 0 && options.ConfidenceLevel < 1))
            throw new SettingException($"a confidence level must lie between 0 and 1, got {options.ConfidenceLevel}", "ConfidenceLevel");
        for (int m = 0; m < models.Count; m++) target.RequireSameConditions(models[m], names[m], targetSource);
        target = SubjectsWithData.Keep(target, targetSource, progress, out var excluded);
        int subjects = target.SubjectCount;
        if (target.LeadingShape.Length == 0 || subjects < 2)
            throw new DissimNetException($"{targetSource}: comparing models needs RDMs of at least 2 subjects with data, got {(target.LeadingShape.Length == 0 ? 1 : subjects)}");

        var perSubject = models.Select(m => RdmComparison.PerSubject(m, target, options.Method)).ToArray();
        var ceiling = subjects >= 3 ? NoiseCeiling.Compute(target, options.Method, targetSource, options.NoiseCeilingPooling) : null;
        var reasons = models.Select((m, i) => UndefinedComparison.PerSubject(m, target, perSubject[i], options.Method)).ToArray();
        var means = perSubject.Select(v => v.Average()).ToArray();

        var tests = options.Test == ComparisonTest.TTest
            ? TTests(perSubject, ceiling, options.ConfidenceLevel)
            : BootstrapTests(models, perSubject, target, ceiling, options, progress, subjectDraws, conditionDraws);
        var aboveZero = Corrected(tests.AboveZero, options);
        var versusCeiling = ceiling is null ? null : Corrected(tests.VersusCeiling!, options);
        var differences = Corrected(tests.Pairs.Select(p => p.Test).ToArray(), options);

        var compared = new ComparedModel[models.Count];
        for (int m = 0; m < models.Count; m++)
        {
            compared[m] = new ComparedModel(names[m], perSubject[m], means[m], StandardError(perSubject[m]), tests.Intervals[m],
                aboveZero[m], versusCeiling?[m])
            {
                UndefinedReason = double.IsNaN(means[m]) ? reasons[m].FirstOrDefault(r => r is not null) : null,
                VersusLowerCeilingDirection = ceiling is null || double.IsNaN(means[m]) ? 0 : Math.Sign(means[m] - ceiling.Lower),
            };
        }
        return new ModelComparisonResult
        {
            Options = options,
            ConditionCount = target.ConditionCount,
            TimeCount = target.TimeCount,
            SubjectCount = subjects,
            ExcludedSubjects = excluded,
            NoiseCeiling = ceiling,
            Models = compared,
            Differences = [.. tests.Pairs.Select((p, k) => new ModelDifference(p.First, p.Second, means[p.First] - means[p.Second], p.Interval, differences[k]))],
            ValidResamples = tests.ValidResamples,
        };
    }

    /// <summary>Uncorrected tests: (statistic, p) per model against 0 and against the ceiling, and per pair.</summary>
    sealed record RawTests((double T, double P)[] AboveZero, (double T, double P)[]? VersusCeiling, ConfidenceInterval[] Intervals,
        (int First, int Second, ConfidenceInterval Interval, (double T, double P) Test)[] Pairs, int? ValidResamples);

    static RawTests TTests(double[][] perSubject, NoiseCeilingBounds? ceiling, double level)
    {
        var aboveZero = perSubject.Select(v =>
        {
            var t = OneSampleTTest.Test(v);
            return (t.T, StudentT.Cdf(-t.T, t.DegreesOfFreedom)); // one-sided, above 0: P(T >= t), as the lower tail of -t to keep small p exact
        }).ToArray();
        var versusCeiling = ceiling is null ? null : perSubject.Select(v => { var t = OneSampleTTest.Test(v, ceiling.Lower); return (t.T, t.PValue); }).ToArray();
        var pairs = Pairs(perSubject.Length).Select(p =>
        {
            var differences = perSubject[p.First].Zip(perSubject[p.Second], (a, b) => a - b).ToArray();
            var t = OneSampleTTest.Test(differences); // the paired t-test is the one-sample test of the differences
            return (p.First, p.Second, TInterval(differences, level), (t.T, t.PValue));
        }).ToArray();
        return new RawTests(aboveZero, versusCeiling, [.. perSubject.Select(v => TInterval(v, level))], pairs, null);
    }

    static RawTests BootstrapTests(IReadOnlyList<Rdm> models, double[][] perSubject, RdmStack target, NoiseCeilingBounds? ceiling,
        ComparisonOptions options, IProgressSink? progress, IReadOnlyList<int[]>? subjectDraws, IReadOnlyList<int[]>? conditionDraws)
    {
        int resamples = options.BootstrapResamples;
        if (resamples is < 2 or > ScoreOptions.MaxBootstrapResamples)
            throw new SettingException($"bootstrap resamples must be 2 to {ScoreOptions.MaxBootstrapResamples:N0}, got {resamples:N0}", "BootstrapResamples");
        var units = options.BootstrapUnits;
        // Draws as `score` makes them (the seed's generator), so one model's intervals equal score's; when both units are
        // resampled the conditions take the next seed, since two draws from one seed would be correlated.
        if (units != BootstrapUnits.Conditions) subjectDraws ??= Bootstrap.Draw(target.SubjectCount, resamples, options.Seed);
        else subjectDraws = null;
        if (units != BootstrapUnits.Subjects)
            conditionDraws ??= Bootstrap.Draw(target.ConditionCount, resamples, units == BootstrapUnits.Both ? options.Seed + 1 : options.Seed);
        else conditionDraws = null;
        var all = PairedBootstrap.Means(models, perSubject, target, options.Method, subjectDraws, conditionDraws, progress);
        // Resamples where a model is undefined are left out of that model's numbers and of its pairs only.
        var kept = all.Select(m => m.Where(v => !double.IsNaN(v)).ToArray()).ToArray();
        double alpha = (1 - options.ConfidenceLevel) / 2;
        ConfidenceInterval Percentiles(double[] values) => new(Bootstrap.Percentile(values, alpha), Bootstrap.Percentile(values, 1 - alpha), options.ConfidenceLevel);
        // rsatoolbox's bootstrap p-values, with 1 added so that no p-value is 0 (and capped at 1, which rsatoolbox's are not).
        static double Share(double[] values, Func<double, bool> hit) =>
            values.Length == 0 ? double.NaN : Math.Min(1, (values.Count(hit) + 1.0) / values.Length);
        var aboveZero = kept.Select(v => (double.NaN, Share(v, x => x <= 0))).ToArray();
        var versusCeiling = ceiling is null ? null : kept.Select(v => (double.NaN, Share(v, x => x >= ceiling.Lower))).ToArray();
        var pairs = Pairs(models.Count).Select(p =>
        {
            var differences = all[p.First].Zip(all[p.Second], (x, y) => x - y).Where(d => !double.IsNaN(d)).ToArray();
            int count = differences.Length, ties = differences.Count(d => d == 0), below = differences.Count(d => d < 0);
            double share = count - ties == 0 ? 0.5 : (double)below / (count - ties);
            double pValue = count == 0 ? double.NaN : (count - 1.0) / count * 2 * Math.Min(share, 1 - share) + 1.0 / count;
            return (p.First, p.Second, Percentiles(differences), (double.NaN, pValue));
        }).ToArray();
        return new RawTests(aboveZero, versusCeiling, [.. kept.Select(Percentiles)], pairs, kept.Min(v => v.Length));
    }

    static IEnumerable<(int First, int Second)> Pairs(int models)
    {
        for (int a = 0; a < models; a++)
            for (int b = a + 1; b < models; b++) yield return (a, b);
    }

    static CorrectedTest[] Corrected((double T, double P)[] tests, ComparisonOptions options)
    {
        var adjusted = MultipleComparisons.Adjust([.. tests.Select(t => t.P)], options.Correction);
        return [.. tests.Select((t, i) => new CorrectedTest(t.T, t.P, adjusted[i], adjusted[i] < options.Alpha))];
    }

    /// <summary>Standard error of the mean (sample standard deviation over the square root of n).</summary>
    static double StandardError(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
    }

    /// <summary>mean ± t quantile x standard error (scipy.stats.t.interval).</summary>
    static ConfidenceInterval TInterval(double[] values, double level)
    {
        double mean = values.Average(), half = StudentT.Quantile((1 + level) / 2, values.Length - 1) * StandardError(values);
        return new ConfidenceInterval(mean - half, mean + half, level);
    }
}
