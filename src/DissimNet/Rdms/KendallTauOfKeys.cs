using System.Runtime.InteropServices;

namespace DissimNet.Rdms;

internal static partial class KendallTau
{
    /// <summary>The key of one pair for <see cref="OfPackedKeys"/>: x in the high 32 bits, y in the low ones.</summary>
    public static ulong Pack(uint x, uint y) => (ulong)x << 32 | y;

    /// <summary>tau-a or tau-b of pairs given as <see cref="Pack"/>ed integer keys of x and y (ranks, rank sums) that order and
    /// tie as the values they stand for: the same double as <see cref="TauA(RankedVector, RankedVector, ComparisonWorkspace)"/> and
    /// <see cref="TauB(RankedVector, RankedVector, ComparisonWorkspace)"/> of those values (no NaN). The keys are the only work
    /// space (8 bytes a pair) and are overwritten.</summary>
    public static double OfPackedKeys(ComparisonMethod method, ulong[] keys)
    {
        if (method is not (ComparisonMethod.KendallTauA or ComparisonMethod.KendallTauB)) throw new ArgumentOutOfRangeException(nameof(method));
        var counts = CountPacked(keys);
        return method == ComparisonMethod.KendallTauA ? TauA(counts) : TauB(counts);
    }

    /// <summary>The counts of <see cref="CountOnce"/>: one sort by (x, y) lays y out in the order CountOnce builds (ascending x,
    /// ties in x in ascending y), and every count is then added up from the same comparisons in the same order.</summary>
    static Counts CountPacked(ulong[] keys)
    {
        int m = keys.Length;
        Array.Sort(keys);
        double tiedX = 0, tiedXY = 0;
        for (int start = 0; start < m;)
        {
            ulong x = keys[start] >> 32;
            int end = start + 1;
            while (end < m && keys[end] >> 32 == x) end++;
            if (end - start > 1)
            {
                tiedX += PairsAmong(end - start);
                tiedXY += PairsInTiedRuns<ulong>(keys.AsSpan(start, end - start));
            }
            start = end;
        }

        // y moves into the first half of the keys' own memory (entry k lands in key k / 2, already read), and the second half
        // is the merge buffer.
        var halves = MemoryMarshal.Cast<ulong, uint>(keys.AsSpan());
        for (int k = 0; k < m; k++) halves[k] = (uint)keys[k];
        return CountsFromY<uint>(halves[..m], halves.Slice(m, m), tiedX, tiedXY);
    }
}
