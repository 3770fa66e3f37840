using System.Numerics.Tensors;

namespace DissimNet.Rdms;

/// <summary>An RDM vector with its sort order computed once, so that it can be ranked and compared many times.</summary>
/// <remarks>NaN entries are left out of <see cref="Order"/>; comparisons skip the pairs they touch.</remarks>
internal sealed class RankedVector
{
    double[]? standardizedRanks, standardizedValues, normalizedValues, whitenedCorrelation, whitenedCosine;

    public RankedVector(ReadOnlySpan<double> values)
    {
        Values = values.ToArray();
        int valid = 0;
        foreach (var v in Values) if (!double.IsNaN(v)) valid++;
        HasNaN = valid < Values.Length;
        Order = new int[valid];
        var keys = new double[valid];
        for (int i = 0, k = 0; i < Values.Length; i++)
            if (!double.IsNaN(Values[i])) { Order[k] = i; keys[k++] = Values[i]; }
        Array.Sort(keys, Order);
        var ends = new List<int>();
        for (int k = 1; k <= valid; k++)
            if (k == valid || keys[k] != keys[k - 1]) ends.Add(k);
        TieGroupEnds = [.. ends];
    }

    /// <summary>For each run of equal values in <see cref="Order"/>, the position just past its end.</summary>
    public int[] TieGroupEnds { get; }

    /// <summary>The dissimilarities.</summary>
    public double[] Values { get; }

    /// <summary>Indices of the non-NaN values, in ascending order of value.</summary>
    public int[] Order { get; }

    /// <summary>True when some pairs are missing.</summary>
    public bool HasNaN { get; }

    public int Length => Values.Length;

    /// <summary>Average ranks, centred and scaled to unit norm, so that Spearman is a dot product (no NaN only).</summary>
    public double[] StandardizedRanks => standardizedRanks ??= Standardize(UnitRanks());

    /// <summary>Values centred and scaled to unit norm, so that Pearson is a dot product (no NaN only).</summary>
    public double[] StandardizedValues => standardizedValues ??= Standardize((double[])Values.Clone());

    /// <summary>Values scaled to unit norm, so that cosine is a dot product (no NaN only).</summary>
    public double[] NormalizedValues => normalizedValues ??= Normalize((double[])Values.Clone());

    /// <summary>The whitened form for corr_cov, so that it is a dot product (no NaN only; see <see cref="WhitenedForm"/>).</summary>
    public double[] WhitenedCorrelation => whitenedCorrelation ??= WhitenedForm.Compute(Values, centreVector: true);

    /// <summary>The whitened form for cosine_cov, so that it is a dot product (no NaN only).</summary>
    public double[] WhitenedCosine => whitenedCosine ??= WhitenedForm.Compute(Values, centreVector: false);

    double[] UnitRanks()
    {
        var ranks = new double[Length];
        var ones = new double[Length];
        Array.Fill(ones, 1.0);
        WeightedRanks(ones, ranks);
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

    static double[] Standardize(double[] v)
    {
        double mean = TensorPrimitives.Sum<double>(v) / v.Length;
        for (int i = 0; i < v.Length; i++) v[i] -= mean;
        return Normalize(v);
    }

    static double[] Normalize(double[] v)
    {
        double norm = Math.Sqrt(TensorPrimitives.Dot<double>(v, v));
        if (norm == 0) { Array.Fill(v, double.NaN); return v; }
        TensorPrimitives.Divide(v, norm, v);
        return v;
    }
}
