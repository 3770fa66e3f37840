using System.Numerics.Tensors;

namespace DissimNet.Rdms;

/// <summary>The form in which rsatoolbox's whitened comparisons (corr_cov, cosine_cov with sigma_k = None) are plain dot products.</summary>
/// <remarks>rsatoolbox whitens by V = (C Cᵀ)∘(C Cᵀ), C the pairwise-contrast matrix: the covariance of distance estimates when
/// patterns have identity covariance. V = K Kᵀ with K mapping a second-moment matrix G to distances (G_ii + G_jj - 2 G_ij),
/// so d1ᵀ V⁻¹ d2 is the Frobenius product of G1 and G2 projected onto symmetric double-centred matrices, and
/// -½ H D H (H the centring matrix, D the square RDM) is that projection. This is rsatoolbox's own fast path (linear CKA),
/// O(n²) per RDM instead of solving a system of n(n-1)/2 unknowns.</remarks>
internal static class WhitenedForm
{
    /// <summary>-½ H D H as a flat n x n array scaled to unit Frobenius norm (all NaN when it is zero);
    /// <paramref name="centreVector"/> first subtracts the vector's mean, as corr_cov does.</summary>
    public static double[] Compute(ReadOnlySpan<double> vector, bool centreVector)
    {
        int n = SquareForm.ConditionCount(vector.Length) ?? throw new ArgumentException("not an RDM vector");
        double shift = centreVector ? TensorPrimitives.Sum(vector) / vector.Length : 0;
        var d = new double[n * n];
        for (int i = 0, k = 0; i < n; i++)
            for (int j = i + 1; j < n; j++, k++)
                d[i * n + j] = d[j * n + i] = vector[k] - shift;
        var rowMeans = new double[n];
        for (int i = 0; i < n; i++) rowMeans[i] = TensorPrimitives.Sum<double>(d.AsSpan(i * n, n)) / n;
        double grandMean = TensorPrimitives.Sum<double>(rowMeans) / n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                d[i * n + j] = -0.5 * (d[i * n + j] - rowMeans[i] - rowMeans[j] + grandMean);
        double norm = Math.Sqrt(TensorPrimitives.Dot<double>(d, d));
        if (norm == 0) Array.Fill(d, double.NaN);
        else TensorPrimitives.Divide(d, norm, d);
        return d;
    }
}
