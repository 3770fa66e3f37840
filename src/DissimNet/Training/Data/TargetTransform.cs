namespace DissimNet.Training;

/// <summary>How per-subject RDMs become one training target.</summary>
public enum TargetTransform
{
    /// <summary>Average over subjects (and time) without rescaling.</summary>
    None,

    /// <summary>Z-score each subject's RDM over its pairs, then average over subjects (fMRI).</summary>
    ZScore,

    /// <summary>Z-score each subject's RDM at each time point, average over subjects and time, then map x to (x + 2) / 5 (MEG).</summary>
    ZScoreMeg,
}

/// <summary>Names of <see cref="TargetTransform"/> as the command line writes them.</summary>
internal static class TargetTransforms
{
    /// <summary>The command-line name: none, zscore or zscore-meg.</summary>
    public static string Name(TargetTransform transform) => transform switch
    {
        TargetTransform.None => "none",
        TargetTransform.ZScore => "zscore",
        TargetTransform.ZScoreMeg => "zscore-meg",
        _ => throw new ArgumentOutOfRangeException(nameof(transform)),
    };

    /// <summary>Parses a command-line name; throws <see cref="DissimNetException"/> listing the choices.</summary>
    public static TargetTransform Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "none" => TargetTransform.None,
        "zscore" => TargetTransform.ZScore,
        "zscore-meg" => TargetTransform.ZScoreMeg,
        _ => throw new DissimNetException($"target transform '{name}' is not known (choices: none, zscore, zscore-meg)"),
    };
}
