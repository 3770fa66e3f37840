using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>Pearson and cosine correlations of a model RDM with many RDMs under resampled conditions, from weighted sums taken
/// pair by pair, each pair's weight c_i c_j computed as it is read: no work space of the pair count at all.</summary>
/// <remarks>Values are shifted by their plain mean before Pearson's sums (centred moments from shifted sums lose almost
/// nothing when the shift is near the weighted mean). Numbers equal the general weighted path's to rounding.</remarks>
internal static class MomentConditionBootstrap
{
    /// <summary>True for the methods computed here.</summary>
    public static bool Applies(ComparisonMethod method) => method is ComparisonMethod.Pearson or ComparisonMethod.Cosine;

    /// <summary>For each resample (its per-condition draw counts) the correlation of <paramref name="model"/> with each RDM of
    /// <paramref name="rdms"/> (all values finite).</summary>
    public static double[][] Correlations(double[] model, RdmStack rdms, int[][] counts, ComparisonMethod method, IProgressSink progress)
    {
        if (!Applies(method)) throw new ArgumentOutOfRangeException(nameof(method));
        bool centre = method == ComparisonMethod.Pearson;
        int p = rdms.PairCount, n = rdms.ConditionCount;
        double modelShift = centre ? Mean(model) : 0;
        var shifts = Enumerable.Range(0, rdms.Count).Select(k => centre ? Mean(rdms.Vector(k)) : 0).ToArray();
        var results = new double[counts.Length][];
        BootstrapWorkers.Run(counts.Length, BootstrapWorkers.Count(p, 0), p, () => 0, (b, _) =>
        {
            var c = counts[b];
            var (total, sx, sxx, _) = Sums(c, n, model, modelShift, model, modelShift);
            var values = new double[rdms.Count];
            for (int k = 0; k < rdms.Count; k++)
            {
                var (_, sy, syy, sxy) = Sums(c, n, rdms.Vector(k), shifts[k], model, modelShift);
                values[k] = total == 0 ? double.NaN
                    : centre ? Correlation(sxy - sx * sy / total, sxx - sx * sx / total, syy - sy * sy / total)
                    : Correlation(sxy, sxx, syy);
            }
            results[b] = values;
        }, progress, "bootstrap over conditions");
        return results;
    }

    static double Correlation(double cross, double xx, double yy)
    {
        double r = cross / Math.Sqrt(xx * yy);
        return double.IsNaN(r) ? r : Math.Clamp(r, -1, 1);
    }

    /// <summary>Σw, Σw y, Σw y² and Σw x y over pairs (i, j), w = c_i c_j, of y and x shifted by their shifts.</summary>
    static (double Total, double Sum, double Squares, double Cross) Sums(int[] c, int n, ReadOnlySpan<double> y, double yShift,
        ReadOnlySpan<double> x, double xShift)
    {
        double total = 0, sum = 0, squares = 0, cross = 0;
        int rowStart = 0;
        for (int i = 0; i < n; i++)
        {
            int length = n - 1 - i;
            if (c[i] != 0)
            {
                double ci = c[i];
                var yRow = y.Slice(rowStart, length);
                var xRow = x.Slice(rowStart, length);
                var cRow = c.AsSpan(i + 1, length);
                for (int q = 0; q < length; q++)
                {
                    if (cRow[q] == 0) continue;
                    double w = ci * cRow[q], dy = yRow[q] - yShift;
                    total += w;
                    sum += w * dy;
                    squares += w * dy * dy;
                    cross += w * dy * (xRow[q] - xShift);
                }
            }
            rowStart += length;
        }
        return (total, sum, squares, cross);
    }

    static double Mean(ReadOnlySpan<double> values) => System.Numerics.Tensors.TensorPrimitives.Sum(values) / values.Length;
}
