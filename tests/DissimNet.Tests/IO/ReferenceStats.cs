using System.Text.Json;

namespace DissimNet.Tests.IO;

/// <summary>Small statistics for checking loaded data against the scipy reference values.</summary>
internal static class ReferenceStats
{
    public static JsonElement Reference { get; } = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("rsa_reference.json"))).RootElement;

    /// <summary>The upper triangle (above the diagonal) of an n x n matrix stored at an offset, row by row (scipy's squareform order).</summary>
    public static double[] UpperTriangle(double[] data, int offset, int n)
    {
        var result = new List<double>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) result.Add(data[offset + i * n + j]);
        return result.ToArray();
    }

    /// <summary>Spearman correlation with average ranks for ties.</summary>
    public static double Spearman(double[] a, double[] b) => Pearson(Ranks(a), Ranks(b));

    public static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }
}
