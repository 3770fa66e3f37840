using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Reports;

/// <summary>Turns loaded arrays into one square RDM for drawing.</summary>
internal static class RdmMatrix
{
    /// <summary>One n x n matrix from an n x n array or a condensed n(n-1)/2 vector; a stack of RDMs is averaged
    /// (NaN-aware), and <paramref name="averaged"/> then says how many were averaged (1 otherwise).</summary>
    public static double[,] FromArray(NdArray array, string source, out int averaged)
    {
        var stack = RdmStack.FromArray(array, source);
        averaged = stack.Count;
        var rdm = stack.Count == 1 ? stack[0] : stack.Mean();
        return ToMatrix(rdm);
    }

    /// <summary>One n x n matrix from an array that must hold exactly one RDM.</summary>
    public static double[,] FromArray(NdArray array, string source)
    {
        var matrix = FromArray(array, source, out int count);
        if (count != 1) throw new DissimNetException($"{source}: expected one RDM, found a stack of {count} (shape {array.ShapeText})");
        return matrix;
    }

    /// <summary>The square form of an RDM as a 2-D array.</summary>
    public static double[,] ToMatrix(Rdm rdm)
    {
        int n = rdm.ConditionCount;
        var flat = rdm.ToSquare();
        var matrix = new double[n, n];
        Buffer.BlockCopy(flat, 0, matrix, 0, flat.Length * sizeof(double));
        return matrix;
    }

    /// <summary>The matrix to draw, at most <paramref name="maxSide"/> cells a side: with more conditions than that, each cell is
    /// the mean (NaN ignored) of a block of <c>Step x Step</c> consecutive conditions, read straight from the RDM's
    /// vector, so no full n x n copy is made (a 14,000-condition RDM is 1.6 GB as a square).</summary>
    /// <param name="rdm">The RDM.</param>
    /// <param name="order">The order of the conditions to draw (e.g. grouped by category); null keeps the RDM's order.</param>
    /// <param name="maxSide">The most cells a side, e.g. the image's pixels.</param>
    /// <returns>The matrix, and how many conditions each cell spans a side (1 when the RDM is drawn whole).</returns>
    public static (double[,] Matrix, int Step) ForDisplay(Rdm rdm, IReadOnlyList<int>? order, int maxSide)
    {
        int n = rdm.ConditionCount;
        if (n <= maxSide)
            return (order is null ? ToMatrix(rdm) : Reorder(ToMatrix(rdm), order), 1);
        int step = (n + maxSide - 1) / maxSide, side = (n + step - 1) / step;
        var sums = new double[side, side];
        var counts = new int[side, side];
        for (int i = 0; i < n; i++)
        {
            int row = i / step, a = order?[i] ?? i;
            for (int j = 0; j < n; j++)
            {
                double value = i == j ? 0 : rdm[a, order?[j] ?? j];
                if (double.IsNaN(value)) continue;
                sums[row, j / step] += value;
                counts[row, j / step]++;
            }
        }
        for (int r = 0; r < side; r++)
            for (int c = 0; c < side; c++)
                sums[r, c] = counts[r, c] == 0 ? double.NaN : sums[r, c] / counts[r, c];
        return (sums, step);
    }

    /// <summary>Rows and columns reordered: element [i, j] of the result is [order[i], order[j]] of the input.</summary>
    public static double[,] Reorder(double[,] matrix, IReadOnlyList<int> order)
    {
        var result = new double[order.Count, order.Count];
        for (int i = 0; i < order.Count; i++)
            for (int j = 0; j < order.Count; j++)
                result[i, j] = matrix[order[i], order[j]];
        return result;
    }

    /// <summary>An order that groups items by category (categories in order of first appearance), stable within each.</summary>
    public static int[] GroupByCategory(IReadOnlyList<string> categories)
    {
        var firstSeen = new Dictionary<string, int>();
        for (int i = 0; i < categories.Count; i++) firstSeen.TryAdd(categories[i], firstSeen.Count);
        return Enumerable.Range(0, categories.Count).OrderBy(i => firstSeen[categories[i]]).ThenBy(i => i).ToArray();
    }
}
