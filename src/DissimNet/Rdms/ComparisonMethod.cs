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
}

/// <summary>Command-line names of comparison methods.</summary>
public static class ComparisonMethods
{
    /// <summary>The names accepted by <see cref="Parse"/>.</summary>
    public static readonly string[] Names = ["spearman", "pearson", "kendall-tau-a", "cosine"];

    /// <summary>The method a name stands for (case-insensitive; "tau-a" and "kendall" also accepted).</summary>
    public static ComparisonMethod Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "spearman" => ComparisonMethod.Spearman,
        "pearson" => ComparisonMethod.Pearson,
        "kendall-tau-a" or "kendall_tau_a" or "tau-a" or "kendall" => ComparisonMethod.KendallTauA,
        "cosine" => ComparisonMethod.Cosine,
        _ => throw new DissimNetException($"unknown comparison method '{name}' (expected one of: {string.Join(", ", Names)})"),
    };

    /// <summary>The command-line name of a method.</summary>
    public static string Name(this ComparisonMethod method) => method switch
    {
        ComparisonMethod.Spearman => "spearman",
        ComparisonMethod.Pearson => "pearson",
        ComparisonMethod.KendallTauA => "kendall-tau-a",
        ComparisonMethod.Cosine => "cosine",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
