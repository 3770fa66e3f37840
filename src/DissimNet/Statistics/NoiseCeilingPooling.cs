using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>How subjects' RDMs are pooled into the group RDM a noise ceiling compares each subject with.</summary>
public enum NoiseCeilingPooling
{
    /// <summary>Transform each RDM to suit the comparison before averaging, as rsatoolbox's boot_noise_ceiling (pool_rdm) does:
    /// ranks for rank methods, z-scores for correlations, division by the root mean square for cosines.</summary>
    Matched,
    /// <summary>Average the raw RDMs (DissimNet before rsatoolbox pooling; the Algonauts devkit's choice).</summary>
    Raw,
}

/// <summary>Names of the pooling choices and the transform each method pools with.</summary>
public static class NoiseCeilingPoolings
{
    /// <summary>The accepted names.</summary>
    public static readonly string[] Names = ["matched", "raw"];

    /// <summary>The pooling a name stands for (case-insensitive).</summary>
    public static NoiseCeilingPooling Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "matched" => NoiseCeilingPooling.Matched,
        "raw" => NoiseCeilingPooling.Raw,
        _ => throw new SettingException($"unknown noise-ceiling pooling '{name}' (expected one of: {string.Join(", ", Names)})", "NoiseCeilingPooling"),
    };

    /// <summary>The name of a pooling.</summary>
    public static string Name(this NoiseCeilingPooling pooling) => pooling == NoiseCeilingPooling.Raw ? "raw" : "matched";

    /// <summary>What the pooling does for a method, for reports, e.g. "matched (ranks averaged)".</summary>
    public static string Describe(this NoiseCeilingPooling pooling, ComparisonMethod method) => pooling == NoiseCeilingPooling.Raw
        ? "raw (RDMs averaged as they are)"
        : $"matched ({method switch
        {
            ComparisonMethod.Spearman or ComparisonMethod.RhoA or ComparisonMethod.KendallTauA or ComparisonMethod.KendallTauB => "ranks averaged",
            ComparisonMethod.Pearson or ComparisonMethod.CorrelationCovWeighted => "z-scores averaged",
            _ => "RDMs divided by their root mean square, then averaged",
        }})";

    /// <summary>One RDM vector transformed as rsatoolbox's pool_rdm does for <paramref name="method"/> (NaN pairs stay NaN).</summary>
    internal static double[] Transform(ReadOnlySpan<double> vector, ComparisonMethod method)
    {
        var result = vector.ToArray();
        var valid = result.Where(v => !double.IsNaN(v)).ToArray();
        switch (method)
        {
            case ComparisonMethod.Spearman or ComparisonMethod.RhoA or ComparisonMethod.KendallTauA or ComparisonMethod.KendallTauB:
                // scipy's rankdata over the defined pairs (average ranks for ties).
                var ranked = new RankedVector(vector);
                var ones = new double[result.Length];
                Array.Fill(ones, 1.0);
                for (int i = 0; i < ones.Length; i++) if (double.IsNaN(result[i])) ones[i] = 0;
                var ranks = new double[result.Length];
                ranked.WeightedRanks(ones, ranks);
                for (int i = 0; i < result.Length; i++) result[i] = double.IsNaN(result[i]) ? double.NaN : ranks[i];
                return result;
            case ComparisonMethod.Pearson or ComparisonMethod.CorrelationCovWeighted:
            {
                // numpy's nanmean and nanstd (ddof 0); rsatoolbox also shifts the pooled RDM to a zero minimum, which no correlation sees.
                double mean = valid.Average();
                double sd = Math.Sqrt(valid.Sum(v => (v - mean) * (v - mean)) / valid.Length);
                for (int i = 0; i < result.Length; i++) result[i] = (result[i] - mean) / sd;
                return result;
            }
            default:
            {
                double rms = Math.Sqrt(valid.Sum(v => v * v) / valid.Length);
                for (int i = 0; i < result.Length; i++) result[i] /= rms;
                return result;
            }
        }
    }
}
