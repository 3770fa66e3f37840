namespace DissimNet.Algonauts;

/// <summary>The two tracks of the Algonauts 2019 challenge.</summary>
internal enum AlgonautsTrack
{
    /// <summary>fMRI: one RDM per subject (EVC or IT).</summary>
    Fmri,
    /// <summary>MEG: one RDM per subject and time point (early or late window).</summary>
    Meg,
}

/// <summary>Brain regions (fMRI) and time windows (MEG) of Algonauts 2019.</summary>
internal enum AlgonautsRegion
{
    /// <summary>Early visual cortex (fMRI).</summary>
    EVC,
    /// <summary>Inferior temporal cortex (fMRI).</summary>
    IT,
    /// <summary>Early MEG time window.</summary>
    Early,
    /// <summary>Late MEG time window.</summary>
    Late,
}

/// <summary>Parsing and inference of Algonauts names.</summary>
internal static class AlgonautsNames
{
    /// <summary>Parses "fmri" or "meg".</summary>
    public static AlgonautsTrack ParseTrack(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fmri" => AlgonautsTrack.Fmri,
        "meg" => AlgonautsTrack.Meg,
        _ => throw new DissimNetException($"unknown Algonauts track '{name}' (expected fmri or meg)"),
    };

    /// <summary>Parses "EVC", "IT", "early" or "late" (case-insensitive).</summary>
    public static AlgonautsRegion ParseRegion(string name) => name.Trim().ToLowerInvariant() switch
    {
        "evc" => AlgonautsRegion.EVC,
        "it" => AlgonautsRegion.IT,
        "early" => AlgonautsRegion.Early,
        "late" => AlgonautsRegion.Late,
        _ => throw new DissimNetException($"unknown Algonauts region '{name}' (expected EVC, IT, early or late)"),
    };

    /// <summary>The region a variable name such as "EVC_RDMs" or "MEG_RDMs_late" refers to, or null when it names none.</summary>
    public static AlgonautsRegion? InferRegion(string variableName, AlgonautsTrack track)
    {
        var tokens = variableName.Split(['_', '.', ':', '/', '\\', '-', ' ', '[', ']'], StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.ToLowerInvariant()).ToHashSet();
        return track switch
        {
            AlgonautsTrack.Fmri when tokens.Contains("evc") && !tokens.Contains("it") => AlgonautsRegion.EVC,
            AlgonautsTrack.Fmri when tokens.Contains("it") && !tokens.Contains("evc") => AlgonautsRegion.IT,
            AlgonautsTrack.Meg when tokens.Contains("early") && !tokens.Contains("late") => AlgonautsRegion.Early,
            AlgonautsTrack.Meg when tokens.Contains("late") && !tokens.Contains("early") => AlgonautsRegion.Late,
            _ => null,
        };
    }
}
