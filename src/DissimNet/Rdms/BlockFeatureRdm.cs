using System.Numerics.Tensors;

namespace DissimNet.Rdms;

/// <summary>The RDM of many activation patterns, computed in blocks of rows and handed on in squareform order as float32,
/// so that no n x n matrix is ever held (20,000 conditions: a 200 M-pair vector, written as it is computed).</summary>
/// <remarks>Rows are standardized in double precision exactly as <see cref="FeatureRdm"/> does, and each dissimilarity is the
/// same function of double dot products, rounded to float32 at the end: up to 2048 features (FeatureRdm's column block)
/// the values are FeatureRdm's, rounded.</remarks>
internal static class BlockFeatureRdm
{
    /// <summary>Pairs per block handed on at most (whole rows of the upper triangle; one row when a row is longer).</summary>
    public const int BlockPairs = 1 << 22;

    /// <summary>Computes the condensed RDM of the rows of a conditions x features matrix and passes it to <paramref name="write"/> block by block.</summary>
    /// <remarks>Memory: the standardized features in double (8 bytes per value) and one block of <see cref="BlockPairs"/> floats.
    /// A row with zero variance (zero norm for cosine) gives NaN dissimilarities, as in <see cref="FeatureRdm"/>.</remarks>
    public static void Compute(ReadOnlySpan<float> features, int conditions, int featureCount, DistanceMetric metric,
        Action<ReadOnlySpan<float>> write, IProgressSink? progress = null)
        => Compute(features, conditions, featureCount, metric, write, progress, BlockPairs);

    internal static void Compute(ReadOnlySpan<float> features, int conditions, int featureCount, DistanceMetric metric,
        Action<ReadOnlySpan<float>> write, IProgressSink? progress, int blockPairs)
    {
        if (conditions < 2) throw new DissimNetException($"an RDM needs at least 2 conditions, got {conditions}");
        if (features.Length != (long)conditions * featureCount)
            throw new DissimNetException($"features hold {features.Length} values, expected {conditions} conditions x {featureCount} features");
        if ((long)conditions * featureCount > Array.MaxLength)
            throw new DissimNetException($"{conditions} conditions x {featureCount} features are too many values to hold; use a later (smaller) layer");
        progress ??= NullProgress.Instance;
        int n = conditions, d = featureCount;
        var rows = new double[(long)n * d];
        for (long i = 0; i < rows.Length; i++) rows[i] = features[(int)i];
        var squares = new double[n];
        for (int i = 0; i < n; i++)
        {
            var row = rows.AsSpan(i * d, d);
            if (metric == DistanceMetric.Correlation)
            {
                double mean = TensorPrimitives.Sum<double>(row) / d;
                TensorPrimitives.Subtract(row, mean, row);
            }
            if (metric is DistanceMetric.Correlation or DistanceMetric.Cosine)
            {
                double norm = Math.Sqrt(TensorPrimitives.Dot<double>(row, row));
                if (norm == 0) row.Fill(double.NaN);
                else TensorPrimitives.Divide(row, norm, row);
            }
            squares[i] = TensorPrimitives.Dot<double>(row, row);
        }
        var block = new float[Math.Min(Math.Max(blockPairs, n - 1), SquareForm.PairCount(n))]; // at least one whole row
        progress.Begin($"RDM of {n:N0} conditions in blocks", n - 1);
        int first = 0;
        while (first < n - 1)
        {
            // Whole rows i = first .. last - 1 whose pairs (i, j > i) fit in one block (at least one row).
            int last = first;
            long pairs = 0;
            while (last < n - 1 && (last == first || pairs + (n - 1 - last) <= block.Length)) { pairs += n - 1 - last; last++; }
            var offsets = new int[last - first + 1];
            for (int i = first; i < last; i++) offsets[i - first + 1] = offsets[i - first] + (n - 1 - i);
            int start = first;
            Parallel.For(first, last, i =>
            {
                var a = rows.AsSpan(i * d, d);
                var target = block.AsSpan(offsets[i - start], n - 1 - i);
                for (int j = i + 1; j < n; j++)
                {
                    double g = TensorPrimitives.Dot<double>(a, rows.AsSpan(j * d, d));
                    target[j - i - 1] = (float)(metric switch
                    {
                        DistanceMetric.Correlation or DistanceMetric.Cosine => 1 - g,
                        DistanceMetric.SquaredEuclidean => Math.Max(0, squares[i] + squares[j] - 2 * g),
                        DistanceMetric.Euclidean => Math.Sqrt(Math.Max(0, squares[i] + squares[j] - 2 * g)),
                        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
                    });
                }
            });
            write(block.AsSpan(0, (int)pairs));
            first = last;
            progress.Report(first);
        }
        progress.End();
    }
}
