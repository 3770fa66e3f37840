using System.Numerics.Tensors;

namespace DissimNet.Rdms;

/// <summary>Builds RDMs from activation patterns (conditions x features) through one Gram matrix, in double precision.</summary>
internal static class FeatureRdm
{
    /// <summary>The RDM of the rows of a row-major conditions x features matrix.</summary>
    /// <remarks>Every metric is a function of the Gram matrix G = X Xᵀ of suitably centred or scaled rows:
    /// correlation centres each row and scales it to unit norm (d = 1 - g), cosine only scales (d = 1 - g),
    /// Euclidean uses d² = g_ii + g_jj - 2 g_ij. A row with zero variance (zero norm for cosine) gives NaN dissimilarities.</remarks>
    public static Rdm Compute(ReadOnlySpan<double> features, int conditions, int featureCount, DistanceMetric metric = DistanceMetric.Correlation,
        IReadOnlyList<string>? conditionNames = null)
    {
        Check(features.Length, conditions, featureCount);
        return FromRows(features.ToArray(), conditions, featureCount, metric, conditionNames);
    }

    /// <summary>The same from single-precision features, widened to double once (no further copy is kept).</summary>
    public static Rdm Compute(ReadOnlySpan<float> features, int conditions, int featureCount, DistanceMetric metric = DistanceMetric.Correlation,
        IReadOnlyList<string>? conditionNames = null)
    {
        Check(features.Length, conditions, featureCount);
        var rows = new double[features.Length];
        TensorPrimitives.ConvertChecked<float, double>(features, rows);
        return FromRows(rows, conditions, featureCount, metric, conditionNames);
    }

    static void Check(int length, int conditions, int featureCount)
    {
        if (conditions < 2) throw new DissimNetException($"an RDM needs at least 2 conditions, got {conditions}");
        if (length != (long)conditions * featureCount)
            throw new DissimNetException($"features hold {length} values, expected {conditions} conditions x {featureCount} features");
    }

    /// <summary>The RDM of <paramref name="rows"/>, which it centres and scales in place.</summary>
    static Rdm FromRows(double[] rows, int conditions, int featureCount, DistanceMetric metric, IReadOnlyList<string>? conditionNames)
    {
        if (metric == DistanceMetric.Correlation)
            for (int i = 0; i < conditions; i++)
            {
                var row = rows.AsSpan(i * featureCount, featureCount);
                double mean = TensorPrimitives.Sum<double>(row) / featureCount;
                TensorPrimitives.Subtract(row, mean, row);
            }
        if (metric is DistanceMetric.Correlation or DistanceMetric.Cosine)
            for (int i = 0; i < conditions; i++)
            {
                var row = rows.AsSpan(i * featureCount, featureCount);
                double norm = Math.Sqrt(TensorPrimitives.Dot<double>(row, row));
                if (norm == 0) row.Fill(double.NaN);
                else TensorPrimitives.Divide(row, norm, row);
            }

        var gram = Gram(rows, conditions, featureCount);
        var vector = new double[SquareForm.PairCount(conditions)];
        int k = 0;
        for (int i = 0; i < conditions; i++)
            for (int j = i + 1; j < conditions; j++, k++)
            {
                double g = gram[i * conditions + j];
                vector[k] = metric switch
                {
                    DistanceMetric.Correlation or DistanceMetric.Cosine => 1 - g,
                    DistanceMetric.SquaredEuclidean => Math.Max(0, gram[i * conditions + i] + gram[j * conditions + j] - 2 * g),
                    DistanceMetric.Euclidean => Math.Sqrt(Math.Max(0, gram[i * conditions + i] + gram[j * conditions + j] - 2 * g)),
                    _ => throw new ArgumentOutOfRangeException(nameof(metric)),
                };
            }
        return new Rdm(vector, conditionNames);
    }

    /// <summary>G = X Xᵀ for row-major X (rows x cols), upper triangle computed in cache-sized column blocks and mirrored.</summary>
    static double[] Gram(double[] x, int rows, int cols)
    {
        var gram = new double[rows * rows];
        const int block = 2048;
        for (int c0 = 0; c0 < cols; c0 += block)
        {
            int width = Math.Min(block, cols - c0);
            Parallel.For(0, rows, i =>
            {
                var a = x.AsSpan(i * cols + c0, width);
                for (int j = i; j < rows; j++)
                    gram[i * rows + j] += TensorPrimitives.Dot<double>(a, x.AsSpan(j * cols + c0, width));
            });
        }
        for (int i = 0; i < rows; i++)
            for (int j = i + 1; j < rows; j++) gram[j * rows + i] = gram[i * rows + j];
        return gram;
    }
}
