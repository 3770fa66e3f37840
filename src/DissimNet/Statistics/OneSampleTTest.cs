namespace DissimNet.Statistics;

/// <summary>Result of a one-sample t-test: the statistic, its degrees of freedom and the two-sided p-value.</summary>
public sealed record TTestResult(double T, int DegreesOfFreedom, double PValue);

/// <summary>The one-sample t-test of a mean against a value (scipy.stats.ttest_1samp, two-sided).</summary>
internal static class OneSampleTTest
{
    /// <summary>Tests whether the mean of <paramref name="sample"/> differs from <paramref name="populationMean"/>.</summary>
    /// <remarks>Needs at least 2 values. A sample with zero spread gives t = ±∞ and p = 0 (or NaN when its mean equals the tested value), as scipy does.</remarks>
    public static TTestResult Test(IReadOnlyList<double> sample, double populationMean = 0)
    {
        int n = sample.Count;
        if (n < 2) throw new DissimNetException($"a t-test needs at least 2 values (subjects), got {n}");
        double mean = 0;
        foreach (var v in sample) mean += v;
        mean /= n;
        double ss = 0;
        foreach (var v in sample) ss += (v - mean) * (v - mean);
        double standardError = Math.Sqrt(ss / (n - 1) / n);
        double t = (mean - populationMean) / standardError;
        return new TTestResult(t, n - 1, StudentT.TwoSidedP(t, n - 1));
    }
}
