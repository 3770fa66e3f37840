using System.Numerics.Tensors;

namespace DissimNet.Rdms;

/// <summary>An RDM vector with its sort order computed once, so that it can be ranked and compared many times.</summary>
/// <remarks>NaN entries are left out of <see cref="Order"/>; comparisons skip the pairs they touch. The sort order is computed
/// when first needed (methods that compare values need none), and a vector built from memory that outlives it (a stack's
/// vectors) is not copied.</remarks>
internal sealed class RankedVector
{
    readonly ReadOnlyMemory<double> values;
    int[]? order, tieGroupEnds;
    double[]? standardizedRanks, standardizedValues, normalizedValues, whitenedCorrelation, whitenedCosine;

    /// <summary>A copy of <paramref name="values"/>.</summary>
    public RankedVector(ReadOnlySpan<double> values) : this(values.ToArray()) { }

    /// <summary>Wraps <paramref name="values"/> without copying; the caller must not change them while this vector is in use.</summary>
    public RankedVector(double[] values) : this((ReadOnlyMemory<double>)values) { }

    /// <summary>Wraps <paramref name="values"/> without copying; the caller must not change them while this vector is in use.</summary>
    public RankedVector(ReadOnlyMemory<double> values)
    {
        this.values = values;
        HasNaN = values.Span.Contains(double.NaN);
    }

    /// <summary>For each run of equal values in <see cref="Order"/>, the position just past its end.</summary>
    public int[] TieGroupEnds
    {
        get
        {
            if (tieGroupEnds is null) Sort();
            return tieGroupEnds!;
        }
    }

    /// <summary>The dissimilarities.</summary>
    public ReadOnlySpan<double> Values => values.Span;

    /// <summary>Indices of the non-NaN values, in ascending order of value.</summary>
    public int[] Order
    {
        get
        {
            if (order is null) Sort();
            return order!;
        }
    }

    /// <summary>True when some pairs are missing.</summary>
    public bool HasNaN { get; }

    public int Length => values.Length;

    void Sort()
    {
        var v = values.Span;
        int valid = 0;
        foreach (var x in v) if (!double.IsNaN(x)) valid++;
        var sorted = new int[valid];
        var keys = new double[valid];
        for (int i = 0, k = 0; i < v.Length; i++)
            if (!double.IsNaN(v[i])) { sorted[k] = i; keys[k++] = v[i]; }
        Array.Sort(keys, sorted);
        // Counted first, so that the ends take one exact array rather than a growing list.
        int groups = 0;
        for (int k = 1; k <= valid; k++)
            if (k == valid || keys[k] != keys[k - 1]) groups++;
        var ends = new int[groups];
        for (int k = 1, g = 0; k <= valid; k++)
            if (k == valid || keys[k] != keys[k - 1]) ends[g++] = k;
        order = sorted;
        tieGroupEnds = ends;
    }

    /// <summary>Average ranks, centred and scaled to unit norm, so that Spearman is a dot product (no NaN only).</summary>
    public double[] StandardizedRanks => standardizedRanks ??= Standardize(UnitRanks());

    /// <summary>Values centred and scaled to unit norm, so that Pearson is a dot product (no NaN only).</summary>
    public double[] StandardizedValues => standardizedValues ??= Standardize(Values.ToArray());

    /// <summary>Values scaled to unit norm, so that cosine is a dot product (no NaN only).</summary>
    public double[] NormalizedValues => normalizedValues ??= Normalize(Values.ToArray());

    /// <summary>The whitened form for corr_cov, so that it is a dot product (no NaN only; see <see cref="WhitenedForm"/>).</summary>
    public double[] WhitenedCorrelation => whitenedCorrelation ??= WhitenedForm.Compute(Values, centreVector: true);

    /// <summary>The whitened form for cosine_cov, so that it is a dot product (no NaN only).</summary>
    public double[] WhitenedCosine => whitenedCosine ??= WhitenedForm.Compute(Values, centreVector: false);

    /// <summary>Average ranks with every weight 1: the same arithmetic as <see cref="WeightedRanks"/> with unit weights, without a weight vector.</summary>
    public double[] UnitRanks() => UnitRanks(new double[Length]);

    /// <summary>As <see cref="UnitRanks()"/>, written into <paramref name="ranks"/>, which may be the array this vector wraps:
    /// once sorted, the values are no longer read.</summary>
    public double[] UnitRanks(double[] ranks)
    {
        var sorted = Order;
        double before = 0;
        int start = 0;
        foreach (var end in TieGroupEnds)
        {
            // A group of c ones sums to exactly c, so (c + 1) / 2 and before + c are what the weighted form computes.
            double groupWeight = end - start;
            double rank = before + (groupWeight + 1) / 2;
            for (int k = start; k < end; k++) ranks[sorted[k]] = rank;
            before += groupWeight;
            start = end;
        }
        return ranks;
    }

    /// <summary>Average ranks of the values when value i appears weights[i] times (ties share the mean of their positions).</summary>
    /// <remarks>Entries with weight 0 get a rank that is never used. With unit weights these are scipy's rankdata(method='average').</remarks>
    public void WeightedRanks(ReadOnlySpan<double> weights, Span<double> ranks)
    {
        var order = Order;
        double before = 0;
        int start = 0;
        foreach (var end in TieGroupEnds)
        {
            if (end == start + 1)
            {
                // A value without ties (the common case) needs no group sum.
                int i = order[start];
                ranks[i] = before + (weights[i] + 1) / 2;
                before += weights[i];
            }
            else
            {
                double groupWeight = 0;
                for (int k = start; k < end; k++) groupWeight += weights[order[k]];
                double rank = before + (groupWeight + 1) / 2;
                for (int k = start; k < end; k++) ranks[order[k]] = rank;
                before += groupWeight;
            }
            start = end;
        }
    }

    internal static double[] Standardize(double[] v)
    {
        double mean = TensorPrimitives.Sum<double>(v) / v.Length;
        for (int i = 0; i < v.Length; i++) v[i] -= mean;
        return Normalize(v);
    }

    internal static double[] Normalize(double[] v)
    {
        double norm = Math.Sqrt(TensorPrimitives.Dot<double>(v, v));
        if (norm == 0) { Array.Fill(v, double.NaN); return v; }
        TensorPrimitives.Divide(v, norm, v);
        return v;
    }
}
