namespace DissimNet.Training;

/// <summary>Decides when a run stops before its last epoch: when the best validation score (the one that selects the layer
/// and epoch) has not improved for a given number of consecutive epochs.</summary>
internal static class EarlyStopping
{
    /// <summary>True when, after <paramref name="epoch"/> has finished, the best score (set at <paramref name="bestEpoch"/>, 0 = the
    /// untrained network) is <paramref name="patience"/> or more epochs old; never true without a patience.</summary>
    public static bool ShouldStop(int epoch, int bestEpoch, int? patience) =>
        patience is { } p && epoch - bestEpoch >= p;
}
