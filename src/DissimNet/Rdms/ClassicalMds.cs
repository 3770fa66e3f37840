using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace DissimNet.Rdms;

/// <summary>Points placed so their distances approximate an RDM, with the share of structure each axis keeps.</summary>
/// <param name="Coordinates">n x k coordinates, one row per item.</param>
/// <param name="Eigenvalues">The k largest eigenvalues of the double-centred matrix, largest first (an axis's variance).</param>
/// <param name="PositiveEigenvalueSum">Sum of all positive eigenvalues, to express each axis as a share of the whole.</param>
internal sealed record MdsEmbedding(double[,] Coordinates, double[] Eigenvalues, double PositiveEigenvalueSum)
{
    /// <summary>Fraction of the (positive) variance kept by axis <paramref name="axis"/>.</summary>
    public double ExplainedFraction(int axis) => PositiveEigenvalueSum > 0 ? Math.Max(0, Eigenvalues[axis]) / PositiveEigenvalueSum : 0;
}

/// <summary>Classical (Torgerson) multidimensional scaling of a dissimilarity matrix.</summary>
/// <remarks>Double-centres the squared dissimilarities, B = -1/2 J D² J with J = I - 11ᵀ/n, and scales the top
/// eigenvectors of B by the square roots of their eigenvalues. Euclidean distances are recovered exactly (up to
/// rotation, reflection and translation); other dissimilarities get the best low-rank fit of B.</remarks>
internal static class ClassicalMds
{
    /// <summary>Embeds the items of a symmetric dissimilarity matrix in <paramref name="dimensions"/> dimensions.</summary>
    public static MdsEmbedding Embed(double[,] dissimilarities, int dimensions = 2)
    {
        int n = dissimilarities.GetLength(0);
        if (n != dissimilarities.GetLength(1))
            throw new ArgumentException($"MDS needs a square matrix, got {n} x {dissimilarities.GetLength(1)}", nameof(dissimilarities));
        if (dimensions < 1 || dimensions > n)
            throw new ArgumentOutOfRangeException(nameof(dimensions), $"{dimensions} dimensions for {n} items");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double d = dissimilarities[i, j];
                if (!double.IsFinite(d))
                    throw new ArgumentException($"MDS needs finite dissimilarities; element [{i},{j}] is {d}", nameof(dissimilarities));
                if (Math.Abs(d - dissimilarities[j, i]) > 1e-9 * (1 + Math.Abs(d)))
                    throw new ArgumentException($"MDS needs a symmetric matrix; [{i},{j}] = {d} but [{j},{i}] = {dissimilarities[j, i]}", nameof(dissimilarities));
            }

        var centred = DoubleCentredSquares(dissimilarities);
        var evd = centred.Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues.Select(v => v.Real).ToArray();
        var order = Enumerable.Range(0, n).OrderByDescending(k => eigenvalues[k]).ToArray();

        var coordinates = new double[n, dimensions];
        var kept = new double[dimensions];
        for (int axis = 0; axis < dimensions; axis++)
        {
            int k = order[axis];
            kept[axis] = eigenvalues[k];
            double scale = Math.Sqrt(Math.Max(0, eigenvalues[k]));   // negative eigenvalues: non-Euclidean part, dropped
            var vector = evd.EigenVectors.Column(k);
            // Fix the sign (largest-magnitude coordinate positive) so the picture does not flip between runs.
            int pivot = vector.AbsoluteMaximumIndex();
            double sign = vector[pivot] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) coordinates[i, axis] = sign * scale * vector[i];
        }
        return new MdsEmbedding(coordinates, kept, eigenvalues.Where(v => v > 0).Sum());
    }

    /// <summary>B = -1/2 J D² J, computed from row, column and grand means of D².</summary>
    static Matrix<double> DoubleCentredSquares(double[,] d)
    {
        int n = d.GetLength(0);
        var squared = Matrix<double>.Build.Dense(n, n, (i, j) => d[i, j] * d[i, j]);
        var rowMeans = squared.RowSums() / n;
        var colMeans = squared.ColumnSums() / n;
        double grandMean = rowMeans.Sum() / n;
        return Matrix<double>.Build.Dense(n, n, (i, j) => -0.5 * (squared[i, j] - rowMeans[i] - colMeans[j] + grandMean));
    }
}
