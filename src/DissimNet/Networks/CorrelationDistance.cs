using DissimNet.Networks.Runtime;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>Correlation distance 1 - Pearson r between flattened feature vectors, differentiable.</summary>
internal static class CorrelationDistance
{
    /// <summary>Rows centred and scaled to unit length, so that the dot product of two rows is their Pearson r.</summary>
    /// <remarks>A constant row (e.g. all-zero ReLU output) has no defined correlation; the norm is clamped so it gives r = 0
    /// (distance 1) instead of NaN. Above the clamp the formula is exact.</remarks>
    public static Tensor Standardize(Tensor features)
    {
        var flat = features.flatten(1);
        var centred = flat - flat.mean([1], keepdim: true);
        var norm = ScalarArithmetic.ClampMin(centred.norm(1, keepdim: true), 1e-12);
        return centred / norm;
    }

    /// <summary>The N x N matrix of 1 - r between the rows of N x ... features.</summary>
    public static Tensor Matrix(Tensor features)
    {
        var z = Standardize(features);
        return ScalarArithmetic.Rsub(z.matmul(z.t()), 1);
    }

    /// <summary>1 - r for each listed pair of rows of N x ... features (indices are rows).</summary>
    public static Tensor Pairs(Tensor features, long[] first, long[] second)
    {
        var z = Standardize(features);
        var a = z.index_select(0, tensor(first, device: z.device));
        var b = z.index_select(0, tensor(second, device: z.device));
        return ScalarArithmetic.Rsub((a * b).sum(1), 1);
    }
}
