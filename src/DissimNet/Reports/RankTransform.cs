namespace DissimNet.Reports;

/// <summary>Rank transform of an RDM for display, as RSA papers show it: off-diagonal values as percentiles.</summary>
internal static class RankTransform
{
    /// <summary>Replaces each off-diagonal value by its percentile (0..100, ties share their mean rank) among all
    /// off-diagonal values; the diagonal becomes 0 and NaN stays NaN.</summary>
    public static double[,] ToPercentiles(double[,] rdm)
    {
        int rows = rdm.GetLength(0), cols = rdm.GetLength(1);
        var cells = new List<(double Value, int Row, int Col)>();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (i != j && !double.IsNaN(rdm[i, j])) cells.Add((rdm[i, j], i, j));
        cells.Sort((a, b) => a.Value.CompareTo(b.Value));

        var result = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                result[i, j] = i == j ? 0 : double.NaN;
        double span = Math.Max(1, cells.Count - 1);
        for (int start = 0; start < cells.Count;)
        {
            int end = start;
            while (end < cells.Count && cells[end].Value == cells[start].Value) end++;
            double meanRank = (start + end - 1) / 2.0;   // zero-based mean rank of the tie group
            for (int k = start; k < end; k++) result[cells[k].Row, cells[k].Col] = 100 * meanRank / span;
            start = end;
        }
        return result;
    }
}
