namespace DissimNet.Rdms;

/// <summary>Kendall's tau-a and tau-b in O(n log n) by counting inversions with a merge sort (Knight's method), with pair weights.</summary>
/// <remarks>Element i stands for weights[i] copies of (x_i, y_i), which is how a bootstrap over conditions repeats pairs.
/// tau-a = (concordant - discordant) / (N(N-1)/2) with N the total weight; pairs tied in x or y count zero.
/// tau-b = (concordant - discordant) / sqrt((P - tied in x)(P - tied in y)) over all P pairs, as scipy's kendalltau computes it.</remarks>
internal static partial class KendallTau
{
    /// <summary>tau-a over the entries with positive weight (callers give NaN entries weight 0).</summary>
    public static double TauA(RankedVector x, RankedVector y, ReadOnlySpan<double> weights, ComparisonWorkspace ws) => TauA(Count(x, y, weights, ws));

    /// <summary>tau-b over the entries with positive weight; NaN when either side is constant.</summary>
    public static double TauB(RankedVector x, RankedVector y, ReadOnlySpan<double> weights, ComparisonWorkspace ws) => TauB(Count(x, y, weights, ws));

    /// <summary>tau-a of vectors without NaN, every entry once: the value the weighted form gives with unit weights.</summary>
    public static double TauA(RankedVector x, RankedVector y, ComparisonWorkspace ws) => TauA(CountOnce(x, y, ws));

    /// <summary>tau-b of vectors without NaN, every entry once: the value the weighted form gives with unit weights.</summary>
    public static double TauB(RankedVector x, RankedVector y, ComparisonWorkspace ws) => TauB(CountOnce(x, y, ws));

    static double TauA(Counts c)
    {
        double denominator = c.Total * (c.Total - 1) / 2;
        return denominator > 0 ? c.ConcordantMinusDiscordant / denominator : double.NaN;
    }

    static double TauB(Counts c)
    {
        // Copies of one entry tie in x and in y, so they leave both factors as the distinct pairs not tied there.
        double untiedX = c.Pairs - c.TiedX, untiedY = c.Pairs - c.TiedY;
        if (!(untiedX > 0 && untiedY > 0)) return double.NaN;
        return Math.Clamp(c.ConcordantMinusDiscordant / Math.Sqrt(untiedX) / Math.Sqrt(untiedY), -1, 1);
    }

    /// <summary>Weighted pair counts: total weight, pairs of distinct entries, those tied in x and in y, and concordant minus discordant.</summary>
    readonly record struct Counts(double Total, double Pairs, double TiedX, double TiedY, double ConcordantMinusDiscordant);

    static Counts Count(RankedVector x, RankedVector y, ReadOnlySpan<double> weights, ComparisonWorkspace ws)
    {
        // Entries with weight, in ascending x; ties in x then put in ascending y.
        var idx = ws.Indices;
        int m = 0;
        foreach (var i in x.Order) if (weights[i] > 0) idx[m++] = i;
        var xv = x.Values;
        var yv = y.Values;
        double tiedX = 0, tiedXY = 0;
        for (int start = 0; start < m;)
        {
            int end = start + 1;
            while (end < m && xv[idx[end]] == xv[idx[start]]) end++;
            if (end - start > 1)
            {
                var keys = ws.Keys.AsSpan(start, end - start);
                for (int k = start; k < end; k++) keys[k - start] = yv[idx[k]];
                keys.Sort(idx.AsSpan(start, end - start));
                tiedX += TiedWeight(idx, weights, start, end);
                for (int s = start; s < end;)
                {
                    int e = s + 1;
                    while (e < end && yv[idx[e]] == yv[idx[s]]) e++;
                    if (e - s > 1) tiedXY += TiedWeight(idx, weights, s, e);
                    s = e;
                }
            }
            start = end;
        }

        var values = ws.SortValues;
        var w = ws.SortWeights;
        double total = 0, totalSquares = 0;
        for (int k = 0; k < m; k++)
        {
            values[k] = yv[idx[k]];
            w[k] = weights[idx[k]];
            total += w[k];
            totalSquares += w[k] * w[k];
        }
        double discordant = MergeSortCountingInversions(values, w, m, ws.MergeValues, ws.MergeWeights, out var sorted, out var sortedWeights);

        double tiedY = 0;
        for (int s = 0; s < m;)
        {
            int e = s + 1;
            double groupWeight = sortedWeights[s], groupSquares = sortedWeights[s] * sortedWeights[s];
            while (e < m && sorted[e] == sorted[s]) { groupWeight += sortedWeights[e]; groupSquares += sortedWeights[e] * sortedWeights[e]; e++; }
            tiedY += (groupWeight * groupWeight - groupSquares) / 2;
            s = e;
        }

        // Pairs of distinct entries; copies of one entry are tied in both x and y and count zero.
        double pairs = (total * total - totalSquares) / 2;
        return new Counts(total, pairs, tiedX, tiedY, pairs - tiedX - tiedY + tiedXY - 2 * discordant);
    }

    /// <summary>The counts of <see cref="Count"/> with every weight 1 and no NaN, without weight vectors: a weight sum over c
    /// entries is then c and a sum of squared weights c, so each count below is the same double the weighted form adds up, in
    /// the same order. Work space: y in x's order and the merge buffer (16 bytes a pair instead of 44).</summary>
    static Counts CountOnce(RankedVector x, RankedVector y, ComparisonWorkspace ws)
    {
        // y in ascending x, ties in x put in ascending y: only y's values enter the counts, so they are sorted themselves
        // within each tie group, with no index array.
        int m = x.Length;
        var order = x.Order;
        var yv = y.Values;
        var values = ws.SortValues;
        for (int k = 0; k < m; k++) values[k] = yv[order[k]];
        double tiedX = 0, tiedXY = 0;
        var ends = x.TieGroupEnds;
        for (int g = 0, start = 0; g < ends.Length; start = ends[g++])
        {
            int end = ends[g];
            if (end - start == 1) continue;
            values.AsSpan(start, end - start).Sort();
            tiedX += PairsAmong(end - start);
            tiedXY += PairsInTiedRuns<double>(values.AsSpan(start, end - start));
        }

        return CountsFromY<double>(values.AsSpan(0, m), ws.MergeValues.AsSpan(0, m), tiedX, tiedXY);
    }

    /// <summary>The counts once x's ties are counted: merge-sorts <paramref name="y"/> (in x's order, ties in x in ascending y)
    /// counting discordant pairs, then counts y's ties in the sorted result.</summary>
    static Counts CountsFromY<T>(Span<T> y, Span<T> buffer, double tiedX, double tiedXY) where T : System.Numerics.IComparisonOperators<T, T, bool>
    {
        int m = y.Length;
        double discordant = MergeSortCountingInversions(y, buffer, out var inBuffer);
        double tiedY = PairsInTiedRuns<T>(inBuffer ? buffer : y);
        double pairs = PairsAmong(m);
        return new Counts(m, pairs, tiedX, tiedY, pairs - tiedX - tiedY + tiedXY - 2 * discordant);
    }

    /// <summary>Pairs within runs of equal entries of a sorted span, added run by run.</summary>
    static double PairsInTiedRuns<T>(ReadOnlySpan<T> sorted) where T : System.Numerics.IEqualityOperators<T, T, bool>
    {
        double pairs = 0;
        for (int s = 0; s < sorted.Length;)
        {
            int e = s + 1;
            while (e < sorted.Length && sorted[e] == sorted[s]) e++;
            pairs += PairsAmong(e - s);
            s = e;
        }
        return pairs;
    }

    /// <summary>Pairs among c entries of weight 1, computed as the weighted form computes them: (c² - c) / 2.</summary>
    static double PairsAmong(int c)
    {
        double sum = c;
        return (sum * sum - sum) / 2;
    }

    /// <summary>As the weighted merge sort with every weight 1: an entry of the right half taken first is inverted with each
    /// entry left in the left half. Sorts <paramref name="values"/> ascending, ending in <paramref name="buffer"/> when
    /// <paramref name="inBuffer"/>; any type ordered as the values are (doubles, integer ranks) counts the same.</summary>
    static double MergeSortCountingInversions<T>(Span<T> values, Span<T> buffer, out bool inBuffer)
        where T : System.Numerics.IComparisonOperators<T, T, bool>
    {
        int m = values.Length;
        double inversions = 0;
        Span<T> a = values, b = buffer;
        inBuffer = false;
        for (int width = 1; width < m; width *= 2)
        {
            for (int lo = 0; lo < m; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, m), hi = Math.Min(lo + 2 * width, m);
                int i = lo, j = mid, o = lo;
                while (i < mid && j < hi)
                {
                    if (a[j] < a[i])
                    {
                        inversions += mid - i;
                        b[o++] = a[j++];
                    }
                    else b[o++] = a[i++];
                }
                while (i < mid) b[o++] = a[i++];
                while (j < hi) b[o++] = a[j++];
            }
            var swap = a;
            a = b;
            b = swap;
            inBuffer = !inBuffer;
        }
        return inversions;
    }

    /// <summary>Weighted number of pairs of distinct entries within idx[start..end).</summary>
    static double TiedWeight(int[] idx, ReadOnlySpan<double> weights, int start, int end)
    {
        double sum = 0, squares = 0;
        for (int k = start; k < end; k++) { var w = weights[idx[k]]; sum += w; squares += w * w; }
        return (sum * sum - squares) / 2;
    }

    /// <summary>Sorts values[0..m) ascending (stable) and returns the summed weight products of strictly inverted pairs.</summary>
    static double MergeSortCountingInversions(double[] values, double[] weights, int m, double[] bufferValues, double[] bufferWeights,
        out double[] sorted, out double[] sortedWeights)
    {
        double inversions = 0;
        double[] a = values, aw = weights, b = bufferValues, bw = bufferWeights;
        for (int width = 1; width < m; width *= 2)
        {
            for (int lo = 0; lo < m; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, m), hi = Math.Min(lo + 2 * width, m);
                double leftWeight = 0;
                for (int k = lo; k < mid; k++) leftWeight += aw[k];
                int i = lo, j = mid, o = lo;
                while (i < mid && j < hi)
                {
                    if (a[j] < a[i])
                    {
                        inversions += aw[j] * leftWeight;
                        b[o] = a[j]; bw[o++] = aw[j++];
                    }
                    else
                    {
                        leftWeight -= aw[i];
                        b[o] = a[i]; bw[o++] = aw[i++];
                    }
                }
                while (i < mid) { b[o] = a[i]; bw[o++] = aw[i++]; }
                while (j < hi) { b[o] = a[j]; bw[o++] = aw[j++]; }
            }
            (a, b) = (b, a);
            (aw, bw) = (bw, aw);
        }
        sorted = a;
        sortedWeights = aw;
        return inversions;
    }
}
