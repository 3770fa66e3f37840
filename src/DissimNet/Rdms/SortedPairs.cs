using System.Numerics;

namespace DissimNet.Rdms;

/// <summary>An RDM vector reduced to what ranking needs: its pair indices in ascending order of dissimilarity and where each
/// run of tied values starts (one bit a pair), 4⅛ bytes a pair instead of the values' 8 and a sort order's 4.</summary>
internal sealed class SortedPairs(int[] order, ulong[] groupStarts)
{
    /// <summary>Pair indices, in ascending order of value.</summary>
    public int[] Order => order;

    /// <summary>Number of pairs.</summary>
    public int Length => order.Length;

    /// <summary>The position just past the run of equal values that starts at sorted position <paramref name="start"/>.</summary>
    public int GroupEnd(int start)
    {
        int next = start + 1;
        if (next >= order.Length) return order.Length;
        int word = next >> 6;
        ulong bits = groupStarts[word] & (~0UL << (next & 63));
        while (bits == 0)
        {
            if (++word == groupStarts.Length) return order.Length;
            bits = groupStarts[word];
        }
        return Math.Min(order.Length, (word << 6) + BitOperations.TrailingZeroCount(bits));
    }
}
