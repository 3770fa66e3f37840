namespace DissimNet.Statistics;

/// <summary>A t-test over the folds of (repeated) cross-validation with a variance corrected for their overlap.</summary>
/// <param name="T">The statistic.</param>
/// <param name="DegreesOfFreedom">Folds minus one.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="StandardError">The corrected standard error of the mean.</param>
/// <param name="Interval">The corrected t confidence interval of the mean.</param>
public sealed record CorrectedTTestResult(double T, int DegreesOfFreedom, double PValue, double StandardError, ConfidenceInterval Interval);

/// <summary>Nadeau and Bengio's (2003) corrected resampled t-test, as Bouckaert and Frank (2004) apply it to repeated k-fold.</summary>
/// <remarks>
/// Folds of repeated k-fold share training images, so their scores are correlated and the plain t-test over folds, which
/// treats them as independent, is far too confident. The correction replaces the variance factor 1/J of the mean of J
/// fold values by (1/J + n_test/n_train): t = mean / sqrt((1/J + n_test/n_train) s²), with J - 1 degrees of freedom.
/// n_train counts every image a fold's run could learn from (its training and validation images).
/// </remarks>
internal static class CorrectedResampledTTest
{
    /// <summary>Tests whether the mean of <paramref name="values"/> (one per fold) differs from zero.</summary>
    /// <param name="values">One value per fold, e.g. trained minus pretrained test score.</param>
    /// <param name="testToTrainRatio">n_test / n_train of a fold (1 for 2-fold cross-validation).</param>
    /// <param name="level">Confidence level of the interval.</param>
    public static CorrectedTTestResult Test(IReadOnlyList<double> values, double testToTrainRatio, double level = 0.95)
    {
        int n = values.Count;
        if (n < 2) throw new DissimNetException($"a t-test over folds needs at least 2 folds, got {n}");
        if (!(testToTrainRatio >= 0)) throw new DissimNetException($"the test-to-training ratio must be 0 or more, got {testToTrainRatio}");
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double standardError = Math.Sqrt((1.0 / n + testToTrainRatio) * variance);
        double t = mean / standardError;
        double quantile = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, n - 1, 0.5 + level / 2);
        var interval = new ConfidenceInterval(mean - quantile * standardError, mean + quantile * standardError, level);
        return new CorrectedTTestResult(t, n - 1, StudentT.TwoSidedP(t, n - 1), standardError, interval);
    }
}
