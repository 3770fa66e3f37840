namespace DissimNet.Rdms;

/// <summary>How two RDMs are compared.</summary>
public enum ComparisonMethod
{
    /// <summary>Spearman rank correlation, average ranks for ties.</summary>
    Spearman,
    /// <summary>Pearson correlation.</summary>
    Pearson,
    /// <summary>Kendall's tau-a: (concordant - discordant) / (n(n-1)/2), tied pairs count zero.</summary>
    KendallTauA,
    /// <summary>Cosine similarity of the dissimilarity vectors.</summary>
    Cosine,
    /// <summary>rsatoolbox's rho-a: 12 Σ (r1 - mean)(r2 - mean) / (n³ - n) on average ranks (Spearman when nothing ties).</summary>
    RhoA,
    /// <summary>Kendall's tau-b (scipy's kendalltau, rsatoolbox's "kendall"): ties shrink the denominator.</summary>
    KendallTauB,
    /// <summary>rsatoolbox's corr_cov: Pearson correlation whitened by the RDM covariance under an identity pattern covariance.</summary>
    CorrelationCovWeighted,
    /// <summary>rsatoolbox's cosine_cov: cosine similarity whitened by the RDM covariance under an identity pattern covariance.</summary>
    CosineCovWeighted,
}

/// <summary>Command-line names of comparison methods.</summary>
internal static class ComparisonMethods
{
    /// <summary>The canonical names, one per method.</summary>
    public static readonly string[] Names = ["spearman", "pearson", "kendall-tau-a", "cosine", "rho-a", "tau-b", "corr-cov", "cosine-cov"];

    /// <summary>Every name <see cref="Parse"/> accepts: the canonical ones and rsatoolbox's spellings.</summary>
    public static readonly string[] AcceptedNames = [.. Names, "corr", "tau-a", "kendall_tau_a", "kendall", "corr_cov", "cosine_cov"];

    /// <summary>The method a name stands for (case-insensitive); "kendall" is tau-b, as in scipy and rsatoolbox.</summary>
    public static ComparisonMethod Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "spearman" => ComparisonMethod.Spearman,
        "pearson" or "corr" => ComparisonMethod.Pearson,
        "kendall-tau-a" or "kendall_tau_a" or "tau-a" => ComparisonMethod.KendallTauA,
        "cosine" => ComparisonMethod.Cosine,
        "rho-a" or "rho_a" => ComparisonMethod.RhoA,
        "tau-b" or "tau_b" or "kendall" => ComparisonMethod.KendallTauB,
        "corr-cov" or "corr_cov" => ComparisonMethod.CorrelationCovWeighted,
        "cosine-cov" or "cosine_cov" => ComparisonMethod.CosineCovWeighted,
        _ => throw new SettingException($"unknown comparison method '{name}' (expected one of: {string.Join(", ", Names)})", "Method"),
    };

    /// <summary>The command-line name of a method.</summary>
    public static string Name(this ComparisonMethod method) => method switch
    {
        ComparisonMethod.Spearman => "spearman",
        ComparisonMethod.Pearson => "pearson",
        ComparisonMethod.KendallTauA => "kendall-tau-a",
        ComparisonMethod.Cosine => "cosine",
        ComparisonMethod.RhoA => "rho-a",
        ComparisonMethod.KendallTauB => "tau-b",
        ComparisonMethod.CorrelationCovWeighted => "corr-cov",
        ComparisonMethod.CosineCovWeighted => "cosine-cov",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>True for the whitened methods, which need every pair defined and have no pair-weighted form.</summary>
    public static bool IsCovWeighted(this ComparisonMethod method)
        => method is ComparisonMethod.CorrelationCovWeighted or ComparisonMethod.CosineCovWeighted;
}
