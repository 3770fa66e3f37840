namespace DissimNet.Rdms;

/// <summary>Collects dropped vectors of large RDMs at once, between subjects, instead of when the large-object heap's budget runs out.</summary>
/// <remarks>Scoring drops several vectors of the pair count per subject (ranks, standardized values, pools); for millions of
/// pairs that is hundreds of MB a subject, and waiting for the collector's own schedule let peaks reach two to three times the
/// live data. The collection is the aggressive kind, which also hands the freed memory back to the system: after an ordinary
/// one the runtime kept the freed regions resident (a 260 MB score step stayed in the peak of the bootstrap that followed it).
/// A full collection of a heap that is mostly arrays of numbers is cheap next to sorting millions of pairs; small
/// RDMs (e.g. 92 conditions during training) never pay for it.</remarks>
internal static class LargeVectorGarbage
{
    const int MinPairs = 1 << 20;

    /// <summary>Collects now when vectors of <paramref name="pairCount"/> doubles are large enough to matter.</summary>
    public static void Release(int pairCount)
    {
        if (pairCount >= MinPairs) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
