namespace DissimNet.Statistics;

/// <summary>How many resamples of a bootstrap over conditions run at once: one per core, but no more than a fixed memory
/// budget of work space allows.</summary>
/// <remarks>Each worker holds its own buffers of the pair count (the resample's pair weights, both sides' weighted ranks, the
/// model's centred forms, a sort buffer: about <see cref="BytesPerPair"/> bytes a pair), so on a many-core machine one worker a
/// core would multiply the memory of a large RDM by the core count. Results do not depend on the count: each resample's draw
/// comes from one seeded generator before any worker starts.</remarks>
public static class BootstrapWorkers
{
    /// <summary>Work space of one worker, in bytes a pair: six double vectors of the pair count.</summary>
    public const long BytesPerPair = 6 * sizeof(double);

    /// <summary>The budget all workers' buffers share (1 GiB); one worker is always allowed.</summary>
    public const long BudgetBytes = 1L << 30;

    /// <summary>Workers for RDMs of <paramref name="pairCount"/> pairs on <paramref name="cores"/> cores.</summary>
    public static int Count(long pairCount, int cores) =>
        (int)Math.Clamp(BudgetBytes / Math.Max(1, BytesPerPair * pairCount), 1, Math.Max(1, cores));

    /// <summary>Workers for RDMs of <paramref name="pairCount"/> pairs on this machine.</summary>
    public static int Count(long pairCount) => Count(pairCount, Environment.ProcessorCount);
}
