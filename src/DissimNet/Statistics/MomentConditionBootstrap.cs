using System.Numerics;
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
    public static double[][] Correlations(double[] model, RdmStack rdms, int[][] counts, ComparisonMethod method, IProgressSink progress) =>
        Correlations<double>(model, [.. Enumerable.Range(0, rdms.Count).Select(k => rdms.Vectors.AsMemory(k * rdms.PairCount, rdms.PairCount))],
            rdms.ConditionCount, counts, method, progress);

    /// <summary>As above for RDMs read one at a time (e.g. from .npy files), held as single precision when stored so (the
    /// values are then exactly those read); null when a pair is missing or infinite (the general path then runs).</summary>
    public static double[][]? Correlations(RdmVectors model, RdmVectors rdms, int[][] counts, ComparisonMethod method, IProgressSink progress)
    {
        if (model.SinglePrecision && rdms.SinglePrecision)
            return Load<float>(model, rdms) is { } floats ? Correlations<float>(floats[0], floats[1..], rdms.ConditionCount, counts, method, progress) : null;
        return Load<double>(model, rdms) is { } doubles ? Correlations<double>(doubles[0], doubles[1..], rdms.ConditionCount, counts, method, progress) : null;
    }

    /// <summary>The model's vector then every RDM's, or null at a value that is not finite.</summary>
    static ReadOnlyMemory<T>[]? Load<T>(RdmVectors model, RdmVectors rdms) where T : unmanaged, INumberBase<T>
    {
        LargeVectorGarbage.Release(rdms.PairCount); // whatever the score before dropped, before the values take their room
        var vectors = new ReadOnlyMemory<T>[rdms.Count + 1];
        var chunk = new double[Math.Min(1 << 16, rdms.PairCount)];
        for (int k = 0; k <= rdms.Count; k++)
        {
            var (source, index) = k == 0 ? (model, 0) : (rdms, k - 1);
            var values = new T[rdms.PairCount];
            bool finite = source.ReadInPieces(index, chunk, (start, span) =>
            {
                for (int i = 0; i < span.Length; i++)
                {
                    if (!double.IsFinite(span[i])) return false;
                    values[start + i] = T.CreateTruncating(span[i]);
                }
                return true;
            });
            if (!finite) return null;
            vectors[k] = values;
        }
        return vectors;
    }

    static double[][] Correlations<T>(ReadOnlyMemory<T> model, ReadOnlyMemory<T>[] rdms, int n, int[][] counts, ComparisonMethod method,
        IProgressSink progress) where T : unmanaged, INumberBase<T>
    {
        if (!Applies(method)) throw new ArgumentOutOfRangeException(nameof(method));
        bool centre = method == ComparisonMethod.Pearson;
        int p = model.Length;
        double modelShift = centre ? Mean(model.Span) : 0;
        var shifts = rdms.Select(r => centre ? Mean(r.Span) : 0).ToArray();
        var results = new double[counts.Length][];
        BootstrapWorkers.Run(counts.Length, BootstrapWorkers.Count(p, 0), p, () => 0, (b, _) =>
        {
            var c = counts[b];
            var (total, sx, sxx, _) = Sums(c, n, model.Span, modelShift, model.Span, modelShift);
            var values = new double[rdms.Length];
            for (int k = 0; k < rdms.Length; k++)
            {
                var (_, sy, syy, sxy) = Sums(c, n, rdms[k].Span, shifts[k], model.Span, modelShift);
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
    static (double Total, double Sum, double Squares, double Cross) Sums<T>(int[] c, int n, ReadOnlySpan<T> y, double yShift,
        ReadOnlySpan<T> x, double xShift) where T : unmanaged, INumberBase<T>
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
                    double w = ci * cRow[q], dy = double.CreateTruncating(yRow[q]) - yShift;
                    total += w;
                    sum += w * dy;
                    squares += w * dy * dy;
                    cross += w * dy * (double.CreateTruncating(xRow[q]) - xShift);
                }
            }
            rowStart += length;
        }
        return (total, sum, squares, cross);
    }

    static double Mean<T>(ReadOnlySpan<T> values) where T : unmanaged, INumberBase<T>
    {
        double sum = 0;
        foreach (var v in values) sum += double.CreateTruncating(v);
        return sum / values.Length;
    }
}
