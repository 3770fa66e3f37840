using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>A percentile confidence interval.</summary>
public sealed record ConfidenceInterval(double Lower, double Upper, double Level);

/// <summary>Bootstrap distribution summaries of a model's score: the mean comparison and the mean squared comparison.</summary>
public sealed record BootstrapResult(ConfidenceInterval Mean, ConfidenceInterval MeanR2, double StandardErrorOfMean, int Resamples, int ValidResamples);

/// <summary>Bootstrap confidence intervals for a model's score, resampling subjects or conditions with replacement.</summary>
internal static class Bootstrap
{
    /// <summary>Resamples subjects: the statistic is recomputed from the per-subject values of each resample.</summary>
    public static BootstrapResult OverSubjects(IReadOnlyList<double> perSubject, int resamples = 1000, int seed = 0, double level = 0.95)
        => OverSubjects(perSubject, Draw(perSubject.Count, resamples, seed), level);

    /// <summary>Resamples subjects with given draws (each a list of subject indices), e.g. to pair two models or match another tool.</summary>
    public static BootstrapResult OverSubjects(IReadOnlyList<double> perSubject, IReadOnlyList<int[]> draws, double level = 0.95)
    {
        CheckArguments(draws.Count, level);
        var means = new double[draws.Count];
        var meanR2 = new double[draws.Count];
        for (int b = 0; b < draws.Count; b++)
        {
            double sum = 0, sumSquares = 0;
            foreach (var k in draws[b])
            {
                var v = perSubject[k];
                sum += v; sumSquares += v * v;
            }
            means[b] = sum / draws[b].Length;
            meanR2[b] = sumSquares / draws[b].Length;
        }
        return Summarize(means, meanR2, level);
    }

    /// <summary><paramref name="resamples"/> draws of <paramref name="count"/> indices in [0, count) with replacement, from one seeded generator.</summary>
    public static int[][] Draw(int count, int resamples, int seed)
    {
        var random = new Random(seed);
        var draws = new int[resamples][];
        for (int b = 0; b < resamples; b++)
        {
            draws[b] = new int[count];
            for (int k = 0; k < count; k++) draws[b][k] = random.Next(count);
        }
        return draws;
    }

    /// <summary>Resamples conditions: each resample draws n conditions with replacement, keeps every pair of drawn
    /// conditions except a condition with itself, and compares the model with every subject RDM on those pairs.</summary>
    /// <remarks>A drawn pair set is expressed as pair weights (condition i drawn c_i times makes pair (i,j) appear c_i c_j times),
    /// which gives the same value as building the resampled RDMs explicitly, without sorting anything per resample.
    /// Resample indices come from one seeded generator, so results do not depend on the number of threads.</remarks>
    public static BootstrapResult OverConditions(Rdm model, RdmStack targets, ComparisonMethod method = ComparisonMethod.Spearman,
        int resamples = 1000, int seed = 0, double level = 0.95, IProgressSink? progress = null)
        => OverConditions(model, targets, Draw(model.ConditionCount, resamples, seed), method, level, progress);

    /// <summary>Resamples conditions with given draws (each a list of condition indices, any length), e.g. to pair two models or match another tool.</summary>
    public static BootstrapResult OverConditions(Rdm model, RdmStack targets, IReadOnlyList<int[]> draws,
        ComparisonMethod method = ComparisonMethod.Spearman, double level = 0.95, IProgressSink? progress = null)
    {
        int resamples = draws.Count;
        CheckArguments(resamples, level);
        if (method.IsCovWeighted())
            throw new SettingException($"a bootstrap over conditions is not available for {method.Name()}: its whitening spans whole RDMs, which pair weights cannot express", "Method");
        targets.RequireSameConditions(model);
        progress ??= NullProgress.Instance;
        var counts = Counts(draws, model.ConditionCount);
        var means = new double[resamples];
        var meanR2 = new double[resamples];
        void Keep(int b, double[] values)
        {
            var perSubject = RdmComparison.AverageOverTime(values, targets.SubjectCount, targets.TimeCount);
            (means[b], meanR2[b]) = MeanAndMeanSquare(perSubject);
        }
        if (LeanCorrelations(model, targets, method, counts, progress) is { } correlations)
        {
            for (int b = 0; b < resamples; b++) Keep(b, correlations[b]);
            return Summarize(means, meanR2, level);
        }
        var rankedModel = new RankedVector(model.Vector);
        _ = rankedModel.Order; // sorted once, before threads share it
        var rankedTargets = RdmComparison.Rank(targets);
        BootstrapWorkers.Run(resamples, BootstrapWorkers.Count(model.PairCount, BootstrapWorkers.WeightedBytesPerPair), model.PairCount,
            () => (ws: new ComparisonWorkspace(model.PairCount), weights: new double[model.PairCount], values: new double[targets.Count]),
            (b, local) =>
            {
                PairWeights(counts[b], local.weights);
                WeightedComparison.CompareToEach(rankedModel, rankedTargets, local.weights, method, local.ws, local.values);
                Keep(b, local.values);
            },
            progress, "bootstrap over conditions");
        return Summarize(means, meanR2, level);
    }

    /// <summary>Bootstrap over conditions of a model and subjects read one RDM at a time (e.g. straight from .npy files), for
    /// Spearman (one sort order per RDM), Pearson and cosine (the values, in their stored precision); null for other methods
    /// and when a pair is missing or infinite (the RDMs must then be loaded whole).</summary>
    public static BootstrapResult? OverConditions(RdmVectors model, RdmVectors subjects, ComparisonMethod method, int resamples = 1000,
        int seed = 0, double level = 0.95, IProgressSink? progress = null)
    {
        CheckArguments(resamples, level);
        if (method != ComparisonMethod.Spearman && !MomentConditionBootstrap.Applies(method)) return null;
        progress ??= NullProgress.Instance;
        var counts = Counts(Draw(subjects.ConditionCount, resamples, seed), subjects.ConditionCount);
        var correlations = method == ComparisonMethod.Spearman
            ? SpearmanConditionBootstrap.Correlations(model, subjects, counts, progress)
            : MomentConditionBootstrap.Correlations(model, subjects, counts, method, progress);
        if (correlations is null) return null;
        var means = new double[resamples];
        var meanR2 = new double[resamples];
        for (int b = 0; b < resamples; b++) (means[b], meanR2[b]) = MeanAndMeanSquare(correlations[b]);
        return Summarize(means, meanR2, level);
    }

    /// <summary>Each resample's correlations without the general path's work space: Spearman from one sort order per RDM,
    /// Pearson and cosine from weighted sums; null for other methods, when a pair is missing or infinite, and when Spearman's
    /// ranks would not fit 32 bits.</summary>
    static double[][]? LeanCorrelations(Rdm model, RdmStack targets, ComparisonMethod method, int[][] counts, IProgressSink progress)
    {
        bool spearman = method == ComparisonMethod.Spearman;
        if (!spearman && !MomentConditionBootstrap.Applies(method)) return null;
        if (!AllFinite(model.Vector) || !AllFinite(targets.Vectors)) return null;
        return spearman
            ? SpearmanConditionBootstrap.Correlations(RdmVectors.FromRdm(model), RdmVectors.EveryRdm(targets), counts, progress)
            : MomentConditionBootstrap.Correlations(model.Vector, targets, counts, method, progress);
    }

    static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values) if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>How often each condition was drawn in each resample.</summary>
    static int[][] Counts(IReadOnlyList<int[]> draws, int n)
    {
        var counts = new int[draws.Count][];
        for (int b = 0; b < draws.Count; b++)
        {
            counts[b] = new int[n];
            foreach (var c in draws[b])
            {
                if ((uint)c >= (uint)n) throw new DissimNetException($"bootstrap draw {b} picks condition {c}, but there are {n}");
                counts[b][c]++;
            }
        }
        return counts;
    }

    /// <summary>Weight of pair (i, j) = c_i c_j: the number of times it appears among the resampled conditions.</summary>
    internal static void PairWeights(int[] counts, double[] weights)
    {
        int n = counts.Length, k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) weights[k++] = (double)counts[i] * counts[j];
    }

    static (double Mean, double MeanSquare) MeanAndMeanSquare(double[] values)
    {
        double sum = 0, squares = 0;
        int n = 0;
        foreach (var v in values) if (!double.IsNaN(v)) { sum += v; squares += v * v; n++; }
        return n == 0 ? (double.NaN, double.NaN) : (sum / n, squares / n);
    }

    static void CheckArguments(int resamples, double level)
    {
        if (resamples < 2) throw new DissimNetException($"a bootstrap needs at least 2 resamples, got {resamples}");
        if (!(level > 0 && level < 1)) throw new DissimNetException($"a confidence level must lie between 0 and 1, got {level}");
    }

    static BootstrapResult Summarize(double[] means, double[] meanR2, double level)
    {
        var validMeans = means.Where(v => !double.IsNaN(v)).ToArray();
        var validR2 = meanR2.Where(v => !double.IsNaN(v)).ToArray();
        double alpha = (1 - level) / 2;
        double average = validMeans.Length == 0 ? double.NaN : validMeans.Average();
        double se = validMeans.Length < 2 ? double.NaN : Math.Sqrt(validMeans.Sum(v => (v - average) * (v - average)) / (validMeans.Length - 1));
        return new BootstrapResult(
            new ConfidenceInterval(Percentile(validMeans, alpha), Percentile(validMeans, 1 - alpha), level),
            new ConfidenceInterval(Percentile(validR2, alpha), Percentile(validR2, 1 - alpha), level),
            se, means.Length, validMeans.Length);
    }

    /// <summary>The q-quantile with linear interpolation between order statistics (numpy's default).</summary>
    public static double Percentile(double[] values, double q)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
