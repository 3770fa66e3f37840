namespace DissimNet.Rdms;

/// <summary>Ranks one long vector at a time with a reusable buffer, giving doubled average ranks (integers) so that
/// Spearman correlations can be summed exactly.</summary>
/// <remarks>Each value becomes an order-preserving unsigned key. When key and index fit in 64 bits together (single-precision
/// values, or integer rank sums) they are packed into one <c>ulong</c> and sorted alone: 8 bytes per pair and no permutation
/// array; otherwise (double-precision values) keys and indices are sorted side by side. The doubled average rank of a tie
/// group at sorted positions [start, end) is start + end + 1.</remarks>
internal sealed class RankSorter
{
    readonly ulong[] packed;
    ulong[]? wideKeys;
    int[]? wideOrder;
    readonly int indexBits;
    readonly ulong indexMask;
    bool wide;

    /// <summary>A sorter for vectors of <paramref name="length"/> entries.</summary>
    public RankSorter(int length)
    {
        Length = length;
        indexBits = Math.Max(1, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(1, length - 1)));
        indexMask = (1UL << indexBits) - 1;
        packed = new ulong[length];
    }

    /// <summary>Entries per vector.</summary>
    public int Length { get; }

    /// <summary>Bits a key may use when packed beside an index.</summary>
    public int KeyBits => 64 - indexBits;

    /// <summary>Starts a vector whose keys need <paramref name="keyBits"/> bits (32 for single precision, 64 for double).</summary>
    public void Begin(int keyBits)
    {
        wide = keyBits > KeyBits;
        if (wide)
        {
            wideKeys ??= new ulong[Length];
            wideOrder ??= new int[Length];
        }
    }

    /// <summary>Sets the key of entry <paramref name="index"/>.</summary>
    public void Set(int index, ulong key)
    {
        if (wide) { wideKeys![index] = key; wideOrder![index] = index; }
        else packed[index] = key << indexBits | (uint)index;
    }

    /// <summary>Keys of <paramref name="values"/>, entries <paramref name="offset"/> onwards; false at a NaN (NaN has no rank).</summary>
    /// <remarks>Single-precision keys take the float's bits: the values are exactly the floats read, so ranks are those of the data.</remarks>
    public bool Set(int offset, ReadOnlySpan<double> values, bool single)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (double.IsNaN(v)) return false;
            Set(offset + i, single ? FloatKey((float)v) : DoubleKey(v));
        }
        return true;
    }

    /// <summary>An unsigned key ordered as the float is (-0 and +0 share one key, as they are equal).</summary>
    public static ulong FloatKey(float v)
    {
        uint bits = BitConverter.SingleToUInt32Bits(v == 0 ? 0f : v);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    /// <summary>An unsigned key ordered as the double is (-0 and +0 share one key).</summary>
    public static ulong DoubleKey(double v)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(v == 0 ? 0d : v);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary>Sorts the keys set since <see cref="Begin"/>.</summary>
    public void Sort()
    {
        if (wide) Array.Sort(wideKeys!, wideOrder!);
        else Array.Sort(packed);
    }

    /// <summary>Writes each entry's doubled average rank into <paramref name="rank2"/> (after <see cref="Sort"/>).</summary>
    /// <returns>The spread of the ranks (see <see cref="RankSums.Spread"/>).</returns>
    public Int128 WriteRanks(Span<int> rank2)
    {
        Int128 squares = 0;
        int start = 0;
        while (start < Length)
        {
            int end = GroupEnd(start);
            int r = start + end + 1;
            for (int k = start; k < end; k++) rank2[IndexAt(k)] = r;
            squares += (Int128)((long)r * r) * (end - start);
            start = end;
        }
        return new RankSums(Length, 0, squares).Spread;
    }

    /// <summary>Exact sums of this vector's doubled ranks r and of r·other and r², for a Spearman correlation with <paramref name="other"/> (after <see cref="Sort"/>).</summary>
    public RankSums Correlate(ReadOnlySpan<int> other)
    {
        Int128 cross = 0, squares = 0;
        int start = 0;
        while (start < Length)
        {
            int end = GroupEnd(start);
            long r = start + end + 1;
            long partial = 0;
            for (int k = start; k < end; k++) partial += other[IndexAt(k)];
            cross += (Int128)partial * r;
            squares += (Int128)(r * r) * (end - start);
            start = end;
        }
        return new RankSums(Length, cross, squares);
    }

    /// <summary>Adds each entry's doubled rank to <paramref name="sums"/> (after <see cref="Sort"/>), to pool ranks over subjects.</summary>
    public void AddRanks<T>(Span<T> sums) where T : System.Numerics.IBinaryInteger<T>
    {
        int start = 0;
        while (start < Length)
        {
            int end = GroupEnd(start);
            var r = T.CreateTruncating(start + end + 1);
            for (int k = start; k < end; k++) sums[IndexAt(k)] += r;
            start = end;
        }
    }

    /// <summary>The sorted entries' indices and where each run of equal keys starts (after <see cref="Sort"/>), kept so that
    /// the vector can be ranked again under other entry weights without its values.</summary>
    public SortedPairs ToSortedPairs()
    {
        var order = new int[Length];
        var groupStarts = new ulong[(Length + 63) / 64];
        int start = 0;
        while (start < Length)
        {
            int end = GroupEnd(start);
            groupStarts[start >> 6] |= 1UL << (start & 63);
            for (int k = start; k < end; k++) order[k] = IndexAt(k);
            start = end;
        }
        return new SortedPairs(order, groupStarts);
    }

    int IndexAt(int k) => wide ? wideOrder![k] : (int)(packed[k] & indexMask);

    int GroupEnd(int start)
    {
        int end = start + 1;
        if (wide)
        {
            var keys = wideKeys!;
            ulong key = keys[start];
            while (end < Length && keys[end] == key) end++;
        }
        else
        {
            ulong key = packed[start] >> indexBits;
            while (end < Length && packed[end] >> indexBits == key) end++;
        }
        return end;
    }
}

/// <summary>Exact sums over one ranked vector: its length, Σ r·other and Σ r² of doubled ranks r.</summary>
internal readonly record struct RankSums(long Length, Int128 Cross, Int128 Squares)
{
    /// <summary>Σ r for doubled average ranks of n entries: n(n + 1), whatever the ties.</summary>
    public Int128 Sum => (Int128)Length * (Length + 1);

    /// <summary>n Σ r² - (Σ r)², n² times the variance of the doubled ranks (0 for a constant vector).</summary>
    public Int128 Spread => Length * Squares - Sum * Sum;

    /// <summary>The Spearman correlation with a vector of doubled ranks whose spread is <paramref name="otherSpread"/> (NaN when either is constant).</summary>
    public double Spearman(Int128 otherSpread)
    {
        if (Spread == 0 || otherSpread == 0) return double.NaN;
        // Σ other also equals n(n + 1): both are complete rank vectors.
        double numerator = (double)(Length * Cross - Sum * Sum);
        return Math.Clamp(numerator / (Math.Sqrt((double)Spread) * Math.Sqrt((double)otherSpread)), -1, 1);
    }
}
