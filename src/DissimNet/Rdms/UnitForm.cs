using System.Numerics.Tensors;

namespace DissimNet.Rdms;

/// <summary>An RDM vector without NaN turned, in its own array, into the form whose dot product with another's is the comparison
/// (<see cref="RankedVector.StandardizedRanks"/>, <see cref="RankedVector.StandardizedValues"/> and the like), computed by the
/// same arithmetic, so that a score or noise ceiling holds one vector per side instead of the values beside their transform.</summary>
internal static class UnitForm
{
    /// <summary>True when <paramref name="method"/> compares vectors without NaN by one dot product of their forms.</summary>
    public static bool Applies(ComparisonMethod method) => method is ComparisonMethod.Spearman or ComparisonMethod.Pearson
        or ComparisonMethod.Cosine or ComparisonMethod.CorrelationCovWeighted or ComparisonMethod.CosineCovWeighted;

    /// <summary>The form of <paramref name="values"/> (no NaN), written over them; the whitened forms of the cov-weighted methods
    /// are n x n and so come in a new array.</summary>
    public static double[] InPlace(double[] values, ComparisonMethod method) => method switch
    {
        ComparisonMethod.Spearman => RankedVector.Standardize(Ranks(values)),
        ComparisonMethod.Pearson => RankedVector.Standardize(values),
        ComparisonMethod.Cosine => RankedVector.Normalize(values),
        ComparisonMethod.CorrelationCovWeighted => WhitenedForm.Compute(values, centreVector: true),
        ComparisonMethod.CosineCovWeighted => WhitenedForm.Compute(values, centreVector: false),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Average ranks written over the values, after vectors dropped so far are collected: the sort's work space
    /// (the values as sort keys beside the order) is the largest thing a comparison allocates.</summary>
    static double[] Ranks(double[] values)
    {
        LargeVectorGarbage.Release(values.Length);
        return new RankedVector(values).UnitRanks(values);
    }

    /// <summary>The comparison of two forms, clamped to [-1, 1] as <see cref="WeightedComparison"/> clamps its dot products.</summary>
    public static double Compare(double[] x, double[] y)
    {
        double r = TensorPrimitives.Dot<double>(x, y);
        return double.IsNaN(r) ? r : Math.Clamp(r, -1, 1);
    }
}
