using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>Spearman correlations of a model RDM with many RDMs under resampled conditions, in exact integer arithmetic, holding
/// one sort order per RDM and one vector per worker instead of the RDMs' values.</summary>
/// <remarks>A resample that draws condition i c_i times counts pair (i, j) c_i c_j times, so each correlation is a weighted
/// Spearman correlation over the original pairs (see <see cref="Bootstrap"/>). Under integer weights the doubled average ranks
/// are integers (a tie group of total weight G after weight B has doubled rank 2B + G + 1), so the sums of a correlation are
/// exact, as in <see cref="LargeRdmSpearman"/>. Each worker keeps one 8-byte cell a pair: the pair's weight in the high half,
/// the model's doubled rank in the low half; each RDM is then walked in its own sort order once per resample.
/// Numbers equal the general weighted path's to rounding.</remarks>
internal static class SpearmanConditionBootstrap
{
    /// <summary>Bytes a pair of one worker's cells.</summary>
    public const int BytesPerPair = sizeof(ulong);

    const int Chunk = 1 << 16;

    /// <summary>For each resample (its per-condition draw counts) the correlation of <paramref name="model"/> with each RDM of
    /// <paramref name="rdms"/>, or null when a pair is missing or infinite, or the draws are too many for 32-bit ranks (the
    /// general path then runs).</summary>
    public static double[][]? Correlations(RdmVectors model, RdmVectors rdms, int[][] counts, IProgressSink progress)
    {
        int p = rdms.PairCount;
        if (!CountsFit(counts)) return null;
        var sorted = Sort(model, rdms, progress);
        if (sorted is null) return null;
        LargeVectorGarbage.Release(p); // the sorter's 8 bytes a pair go before the workers take theirs
        var results = new double[counts.Length][];
        int n = rdms.ConditionCount;
        BootstrapWorkers.Run(counts.Length, BootstrapWorkers.Count(p, BytesPerPair), p, () => new ulong[p],
            (b, cells) => results[b] = Resample(counts[b], n, sorted.Value.Model, sorted.Value.Rdms, cells),
            progress, "bootstrap over conditions");
        return results;
    }

    /// <summary>True when every weight fits 32 bits and every doubled rank (at most m² + 1 for m draws) does too.</summary>
    static bool CountsFit(int[][] counts)
    {
        foreach (var c in counts)
        {
            long drawn = 0;
            foreach (var x in c) drawn += x;
            if (drawn * drawn + 1 > uint.MaxValue) return false;
        }
        return true;
    }

    /// <summary>Every RDM read and sorted one at a time, keeping only its order; null at a NaN or infinite pair.</summary>
    static (SortedPairs Model, SortedPairs[] Rdms)? Sort(RdmVectors model, RdmVectors rdms, IProgressSink progress)
    {
        int p = rdms.PairCount;
        LargeVectorGarbage.Release(p); // whatever the score before dropped, before the orders and the sorter take their room
        var sorter = new RankSorter(p);
        var chunk = new double[Math.Min(Chunk, p)];
        progress.Begin($"sorting {rdms.Count + 1} RDMs of {p:N0} pairs for the bootstrap", rdms.Count + 1);
        if (!LargeRdmSpearman.Load(model, 0, sorter, chunk, infiniteFails: true)) { progress.End(); return null; }
        var modelOrder = sorter.ToSortedPairs();
        progress.Report(1);
        var orders = new SortedPairs[rdms.Count];
        for (int k = 0; k < rdms.Count; k++)
        {
            if (!LargeRdmSpearman.Load(rdms, k, sorter, chunk, infiniteFails: true)) { progress.End(); return null; }
            orders[k] = sorter.ToSortedPairs();
            progress.Report(k + 2);
        }
        progress.End();
        return (modelOrder, orders);
    }

    /// <summary>One resample: the pairs' weights, the model's doubled ranks under them, then each RDM's correlation.</summary>
    static double[] Resample(int[] counts, int n, SortedPairs model, SortedPairs[] rdms, ulong[] cells)
    {
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            ulong ci = (ulong)counts[i];
            for (int j = i + 1; j < n; j++) cells[k++] = ci * (ulong)counts[j] << 32;
        }
        var (total, modelSquares) = RankModel(model, cells);
        var modelSpread = new RankSums((long)total, 0, (Int128)modelSquares).Spread;
        var values = new double[rdms.Length];
        for (int r = 0; r < rdms.Length; r++)
        {
            var (cross, squares) = Correlate(rdms[r], cells);
            values[r] = new RankSums((long)total, (Int128)cross, (Int128)squares).Spearman(modelSpread);
        }
        return values;
    }

    /// <summary>Writes the model's doubled rank into each weighted cell's low half; returns the total weight and Σ w r².</summary>
    static (ulong Total, UInt128 Squares) RankModel(SortedPairs model, ulong[] cells)
    {
        var order = model.Order;
        ulong before = 0;
        UInt128 squares = 0;
        int start = 0, length = order.Length;
        while (start < length)
        {
            int end = model.GroupEnd(start);
            ulong groupWeight = 0;
            for (int q = start; q < end; q++) groupWeight += cells[order[q]] >> 32;
            if (groupWeight != 0)
            {
                ulong rank = 2 * before + groupWeight + 1;
                for (int q = start; q < end; q++)
                {
                    ref var cell = ref cells[order[q]];
                    cell = (cell & 0xFFFF_FFFF_0000_0000UL) | rank;
                }
                squares += (UInt128)groupWeight * (rank * rank);
                before += groupWeight;
            }
            start = end;
        }
        return (before, squares);
    }

    /// <summary>Σ w r_model r and Σ w r² of an RDM's doubled ranks r under the cells' weights.</summary>
    static (UInt128 Cross, UInt128 Squares) Correlate(SortedPairs rdm, ulong[] cells)
    {
        var order = rdm.Order;
        ulong before = 0;
        UInt128 cross = 0, squares = 0;
        int start = 0, length = order.Length;
        while (start < length)
        {
            int end = rdm.GroupEnd(start);
            ulong groupWeight = 0, partial = 0;
            for (int q = start; q < end; q++)
            {
                ulong cell = cells[order[q]];
                ulong w = cell >> 32;
                groupWeight += w;
                partial += w * (uint)cell;
            }
            if (groupWeight != 0)
            {
                ulong rank = 2 * before + groupWeight + 1;
                cross += (UInt128)partial * rank;
                squares += (UInt128)groupWeight * (rank * rank);
                before += groupWeight;
            }
            start = end;
        }
        return (cross, squares);
    }
}
