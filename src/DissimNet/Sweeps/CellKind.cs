namespace DissimNet.Sweeps;

/// <summary>What a sweep's cells run.</summary>
public enum CellKind
{
    /// <summary><c>dissimnet train ... --out CELL/run</c>: one training run (resumed when it was interrupted).</summary>
    Train,

    /// <summary><c>dissimnet crossval ... --out CELL/crossval</c>: a cross-validation (resumed when it was interrupted).</summary>
    Crossval,

    /// <summary><c>dissimnet rdm ... --out CELL/rdm.npy</c>, then <c>dissimnet score --model CELL/rdm.npy ... --json</c> into CELL/score.json.</summary>
    RdmScore,
}

/// <summary>Names of cell kinds as plans write them.</summary>
public static class CellKinds
{
    /// <summary>The plan's name of a kind.</summary>
    public static string Name(this CellKind kind) => kind switch
    {
        CellKind.Train => "train",
        CellKind.Crossval => "crossval",
        _ => "rdm-score",
    };

    /// <summary>The kind a plan names, or null.</summary>
    public static CellKind? Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "train" => CellKind.Train,
        "crossval" => CellKind.Crossval,
        "rdm-score" or "rdm+score" => CellKind.RdmScore,
        _ => null,
    };

    /// <summary>Options of <c>score</c> in an rdm-score cell; every other option goes to <c>rdm</c>.</summary>
    public static readonly IReadOnlySet<string> ScoreOptions = new HashSet<string>(StringComparer.Ordinal)
        { "target", "metric", "nc-pooling", "bootstrap", "seed", "algonauts", "image-set", "region", "nc" };

    /// <summary>Options a plan may not set, because the sweep sets them for each cell.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal) { "out", "resume", "json" };
}
