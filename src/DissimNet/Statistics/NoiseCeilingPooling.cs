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
internal static class NoiseCeilingPoolings
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

    /// <summary>True when matched pooling averages ranks for <paramref name="method"/>.</summary>
    internal static bool PoolsRanks(ComparisonMethod method)
        => method is ComparisonMethod.Spearman or ComparisonMethod.RhoA or ComparisonMethod.KendallTauA or ComparisonMethod.KendallTauB;

    /// <summary>One RDM vector transformed as rsatoolbox's pool_rdm does for <paramref name="method"/> (NaN pairs stay NaN).</summary>
    /// <remarks>Sums run over the defined pairs in order, as numpy's nanmean and nanstd of the vector (and LINQ over them) add them.</remarks>
    internal static double[] Transform(ReadOnlyMemory<double> vector, ComparisonMethod method) => Transform(vector, method, new double[vector.Length]);

    /// <summary>As <see cref="Transform(ReadOnlyMemory{double}, ComparisonMethod)"/>, into <paramref name="result"/>, which may be the array under <paramref name="vector"/>: each value is read before its result is written.</summary>
    internal static double[] Transform(ReadOnlyMemory<double> vector, ComparisonMethod method, double[] result)
    {
        var values = vector.Span;
        if (PoolsRanks(method))
        {
            // scipy's rankdata over the defined pairs (average ranks for ties); NaN pairs are outside the ranked order.
            var ranks = new RankedVector(vector).UnitRanks();
            for (int i = 0; i < result.Length; i++) result[i] = double.IsNaN(values[i]) ? double.NaN : ranks[i];
            return result;
        }
        double sum = 0;
        int valid = 0;
        foreach (var v in values) if (!double.IsNaN(v)) { sum += v; valid++; }
        if (method is ComparisonMethod.Pearson or ComparisonMethod.CorrelationCovWeighted)
        {
            // numpy's nanmean and nanstd (ddof 0); rsatoolbox also shifts the pooled RDM to a zero minimum, which no correlation sees.
            double mean = sum / valid, squares = 0;
            foreach (var v in values) if (!double.IsNaN(v)) squares += (v - mean) * (v - mean);
            double sd = Math.Sqrt(squares / valid);
            for (int i = 0; i < result.Length; i++) result[i] = (values[i] - mean) / sd;
            return result;
        }
        double rmsSquares = 0;
        foreach (var v in values) if (!double.IsNaN(v)) rmsSquares += v * v;
        double rms = Math.Sqrt(rmsSquares / valid);
        for (int i = 0; i < result.Length; i++) result[i] = values[i] / rms;
        return result;
    }
}
