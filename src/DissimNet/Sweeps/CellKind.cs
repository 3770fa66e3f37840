namespace DissimNet.Sweeps;

/// <summary>What a sweep's cells run.</summary>
internal enum CellKind
{
    /// <summary>A training run into CELL/run (resumed when it was interrupted).</summary>
    Train,

    /// <summary>A cross-validation into CELL/crossval (resumed when it was interrupted).</summary>
    Crossval,

    /// <summary>A layer's RDM into CELL/rdm.npy, then its score against the target into CELL/score.json.</summary>
    RdmScore,

    /// <summary>One fold of a cross-validation (the grid's <c>fold</c> value): its run folder in the cross-validation folder that holds
    /// the sweep folder. Made by cross-validation itself to run its folds in parallel or on Slurm, not written in plans by hand.</summary>
    CrossvalFold,
}

/// <summary>Names of cell kinds as plans write them.</summary>
internal static class CellKinds
{
    /// <summary>The plan's name of a kind.</summary>
    public static string Name(this CellKind kind) => kind switch
    {
        CellKind.Train => "train",
        CellKind.Crossval => "crossval",
        CellKind.CrossvalFold => "crossval-fold",
        _ => "rdm-score",
    };

    /// <summary>The kind a plan names, or null.</summary>
    public static CellKind? Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "train" => CellKind.Train,
        "crossval" => CellKind.Crossval,
        "crossval-fold" => CellKind.CrossvalFold,
        "rdm-score" or "rdm+score" => CellKind.RdmScore,
        _ => null,
    };

    /// <summary>Options a plan may not set, because the sweep sets them for each cell.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal) { "out", "resume", "json" };

    /// <summary>The grid axis of a <see cref="CellKind.CrossvalFold"/> plan: the fold number (from 1).</summary>
    public const string FoldAxis = "fold";
}
