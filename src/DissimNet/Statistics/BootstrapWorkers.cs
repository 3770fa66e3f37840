namespace DissimNet.Statistics;

/// <summary>The workers of a bootstrap over conditions: one per core, but no more than a fixed memory budget of work space
/// allows, each holding its own buffers for as long as the bootstrap runs.</summary>
/// <remarks>Each worker holds buffers of the pair count, so on a many-core machine one worker a core would multiply the memory
/// of a large RDM by the core count. Results do not depend on the count: each resample's draw comes from one seeded generator
/// before any worker starts, and each resample's numbers are computed by one worker alone.</remarks>
internal static class BootstrapWorkers
{
    /// <summary>Work space of one worker of the general weighted path, in bytes a pair: six double vectors of the pair count
    /// (the resample's pair weights, both sides' weighted ranks, the model's centred forms, a sort buffer).</summary>
    public const long WeightedBytesPerPair = 6 * sizeof(double);

    /// <summary>The budget all workers' buffers share (1 GiB); one worker is always allowed.</summary>
    public const long BudgetBytes = 1L << 30;

    /// <summary>Workers for RDMs of <paramref name="pairCount"/> pairs, each needing <paramref name="bytesPerPair"/>, on <paramref name="cores"/> cores.</summary>
    public static int Count(long pairCount, long bytesPerPair, int cores) =>
        (int)Math.Clamp(BudgetBytes / Math.Max(1, bytesPerPair * pairCount), 1, Math.Max(1, cores));

    /// <summary>Workers for RDMs of <paramref name="pairCount"/> pairs, each needing <paramref name="bytesPerPair"/>, on this machine.</summary>
    public static int Count(long pairCount, long bytesPerPair) => Count(pairCount, bytesPerPair, Environment.ProcessorCount);

    /// <summary>Runs <paramref name="resample"/> for resamples 0 to <paramref name="resamples"/> - 1 on <paramref name="workers"/>
    /// workers, each with one state made by <paramref name="create"/> when it first needs it (so there are never more states than
    /// workers), reporting progress from the calling thread between rounds of about a second's work.</summary>
    internal static void Run<TState>(int resamples, int workers, long pairCount, Func<TState> create, Action<int, TState> resample,
        IProgressSink progress, string label)
    {
        var states = new TState[workers];
        var made = new bool[workers];
        // About 2^22 pairs a resample per worker between reports: every 100 resamples of small RDMs, every round of large ones.
        int round = workers * (int)Math.Clamp((1L << 22) / Math.Max(1, pairCount), 1, 100);
        progress.Begin(label, resamples);
        for (int start = 0; start < resamples; start += round)
        {
            int end = Math.Min(start + round, resamples), next = start;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                for (int b = Interlocked.Increment(ref next) - 1; b < end; b = Interlocked.Increment(ref next) - 1)
                {
                    if (!made[w]) { states[w] = create(); made[w] = true; }
                    resample(b, states[w]);
                }
            });
            progress.Report(end);
        }
        progress.End();
    }
}
