namespace DissimNet.Statistics;

/// <summary>Summary of one score over cross-validation folds.</summary>
/// <param name="Mean">Mean over folds.</param>
/// <param name="StandardError">Plain standard error over folds (s / sqrt(J)): too small for overlapping folds, see <see cref="Corrected"/>.</param>
/// <param name="Corrected">The corrected resampled t-test against zero, with its standard error and interval.</param>
/// <param name="BootstrapFolds">Percentile bootstrap interval resampling folds.</param>
/// <param name="BootstrapFoldsAndSubjects">Percentile bootstrap interval resampling folds and, jointly over folds, subjects; null without per-subject scores.</param>
public sealed record FoldSummary(double Mean, double StandardError, CorrectedTTestResult Corrected, ConfidenceInterval BootstrapFolds,
    ConfidenceInterval? BootstrapFoldsAndSubjects)
{
    /// <summary>Percentile bootstrap interval resampling folds, subjects and each fold's test images together (see <see cref="FoldImageBootstrap"/>);
    /// null when the folds' test RDMs are not at hand.</summary>
    public ConfidenceInterval? BootstrapFoldsSubjectsAndImages { get; init; }
}

/// <summary>Means, standard errors and bootstrap intervals of scores over cross-validation folds.</summary>
internal static class FoldStatistics
{
    /// <summary>Summarises one value per fold; <paramref name="perSubject"/> (fold x subject, same subjects in every fold) adds the folds-and-subjects bootstrap.</summary>
    /// <remarks>The bootstrap draws J folds with replacement and, for the two-level version, S subjects with replacement
    /// (the same subjects in every drawn fold, as they are the same people); the statistic is the mean over drawn folds of the
    /// mean over drawn subjects. Each resample comes from one seeded generator.</remarks>
    public static FoldSummary Summarize(IReadOnlyList<double> perFold, double testToTrainRatio, IReadOnlyList<double[]>? perSubject = null,
        int resamples = 1000, int seed = 0, double level = 0.95)
    {
        int folds = perFold.Count;
        if (folds < 2) throw new DissimNetException($"statistics over folds need at least 2 folds, got {folds}");
        double mean = perFold.Average();
        double sd = Math.Sqrt(perFold.Sum(v => (v - mean) * (v - mean)) / (folds - 1));
        var corrected = CorrectedResampledTTest.Test(perFold, testToTrainRatio, level);
        var random = new Random(seed);
        var overFolds = new double[resamples];
        var overBoth = perSubject is null ? null : new double[resamples];
        int subjects = perSubject?[0].Length ?? 0;
        if (perSubject is not null && (perSubject.Count != folds || perSubject.Any(s => s.Length != subjects) || subjects < 1))
            throw new DissimNetException($"per-subject scores must be {folds} folds x the same number of subjects");
        var foldDraw = new int[folds];
        var subjectDraw = new int[subjects];
        for (int b = 0; b < resamples; b++)
        {
            for (int k = 0; k < folds; k++) foldDraw[k] = random.Next(folds);
            for (int k = 0; k < subjects; k++) subjectDraw[k] = random.Next(subjects);
            overFolds[b] = foldDraw.Average(f => perFold[f]);
            if (overBoth is not null) overBoth[b] = foldDraw.Average(f => subjectDraw.Average(s => perSubject![f][s]));
        }
        return new FoldSummary(mean, sd / Math.Sqrt(folds), corrected, Interval(overFolds, level), overBoth is null ? null : Interval(overBoth, level));
    }

    static ConfidenceInterval Interval(double[] values, double level) =>
        new(Bootstrap.Percentile(values, (1 - level) / 2), Bootstrap.Percentile(values, 1 - (1 - level) / 2), level);
}
