namespace DissimNet.Statistics;

/// <summary>How the p-values of a family of tests are corrected for multiple comparisons.</summary>
public enum MultipleComparisonCorrection
{
    /// <summary>Benjamini-Hochberg false discovery rate (statsmodels' fdr_bh).</summary>
    Fdr,
    /// <summary>Bonferroni family-wise error rate: p times the number of tests, at most 1.</summary>
    Bonferroni,
    /// <summary>No correction.</summary>
    None,
}

/// <summary>Adjusted p-values for a family of tests, and the names of the corrections.</summary>
internal static class MultipleComparisons
{
    /// <summary>The accepted names.</summary>
    public static readonly string[] Names = ["fdr", "bonferroni", "none"];

    /// <summary>The correction a name stands for (case-insensitive).</summary>
    public static MultipleComparisonCorrection Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fdr" or "fdr_bh" or "bh" => MultipleComparisonCorrection.Fdr,
        "bonferroni" => MultipleComparisonCorrection.Bonferroni,
        "none" => MultipleComparisonCorrection.None,
        _ => throw new SettingException($"unknown multiple-comparison correction '{name}' (expected one of: {string.Join(", ", Names)})", "Correction"),
    };

    /// <summary>The name of a correction.</summary>
    public static string Name(this MultipleComparisonCorrection correction) => correction switch
    {
        MultipleComparisonCorrection.Fdr => "fdr",
        MultipleComparisonCorrection.Bonferroni => "bonferroni",
        _ => "none",
    };

    /// <summary>What the correction controls, for reports.</summary>
    public static string Describe(this MultipleComparisonCorrection correction) => correction switch
    {
        MultipleComparisonCorrection.Fdr => "Benjamini-Hochberg false discovery rate",
        MultipleComparisonCorrection.Bonferroni => "Bonferroni (family-wise error)",
        _ => "none",
    };

    /// <summary>The adjusted p-values, in the order given. NaN p-values (undefined tests) stay NaN and do not count as tests.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues, MultipleComparisonCorrection correction) => correction switch
    {
        MultipleComparisonCorrection.Fdr => BenjaminiHochberg(pValues),
        MultipleComparisonCorrection.Bonferroni => Bonferroni(pValues),
        _ => [.. pValues],
    };

    /// <summary>Bonferroni: min(1, m p) with m the number of defined p-values.</summary>
    public static double[] Bonferroni(IReadOnlyList<double> pValues)
    {
        int m = pValues.Count(p => !double.IsNaN(p));
        return [.. pValues.Select(p => double.IsNaN(p) ? double.NaN : Math.Min(1, p * m))];
    }

    /// <summary>Benjamini-Hochberg step-up: the p-value of rank k (ascending) times m / k, then the running minimum from the
    /// largest down so that adjusted values keep the order of the raw ones, capped at 1.</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        var order = Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i]).ToArray();
        int m = order.Length;
        double running = 1;
        for (int rank = m; rank >= 1; rank--)
        {
            int i = order[rank - 1];
            running = Math.Min(running, pValues[i] / ((double)rank / m)); // divided by the fraction, as statsmodels rounds
            adjusted[i] = running;
        }
        return adjusted;
    }
}
