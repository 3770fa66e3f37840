namespace DissimNet.Rdms;

/// <summary>Element-wise means of RDM vectors that skip missing (NaN) pairs.</summary>
internal static class RdmAveraging
{
    /// <summary>The NaN-ignoring mean of the selected vectors of a stack, summed in order.</summary>
    /// <remarks>Single-precision stacks are summed and divided in single precision, as numpy's mean of a float32 array
    /// and MATLAB's mean of a single array are: rank statistics of averaged RDMs then see the same ties those tools see.</remarks>
    public static double[] NanMean(RdmStack stack, IEnumerable<int> indices)
    {
        int[] selected = [.. indices];
        return NanMean(SubjectVectors.Of(stack, selected), Enumerable.Range(0, selected.Length));
    }

    /// <summary>As <see cref="NanMean(RdmStack, IEnumerable{int})"/>, over vectors handed out one at a time.</summary>
    public static double[] NanMean(SubjectVectors vectors, IEnumerable<int> indices)
    {
        int p = vectors.PairCount;
        var sum = new double[p];
        var count = new DefinedCounts(p);
        bool single = vectors.SinglePrecision;
        double[]? scratch = null;
        foreach (var k in indices)
        {
            var v = vectors.Get(k, scratch ??= new double[p]).Span;
            var defined = count.Add(v.Contains(double.NaN));
            for (int i = 0; i < p; i++)
                if (!double.IsNaN(v[i]))
                {
                    sum[i] = single ? (float)((float)sum[i] + (float)v[i]) : sum[i] + v[i];
                    if (defined is not null) defined[i]++;
                }
        }
        for (int i = 0; i < p; i++)
            sum[i] = count[i] == 0 ? double.NaN : single ? (float)sum[i] / count[i] : sum[i] / count[i];
        return sum;
    }

    /// <summary>The NaN-ignoring mean of double-precision vectors of equal length (pooled, already transformed RDMs).</summary>
    public static double[] NanMean(IEnumerable<double[]> vectors)
    {
        double[]? sum = null;
        int[]? count = null;
        foreach (var v in vectors)
        {
            sum ??= new double[v.Length];
            count ??= new int[v.Length];
            for (int i = 0; i < v.Length; i++)
                if (!double.IsNaN(v[i])) { sum[i] += v[i]; count[i]++; }
        }
        if (sum is null || count is null) throw new ArgumentException("no vectors to average");
        for (int i = 0; i < sum.Length; i++) sum[i] = count[i] == 0 ? double.NaN : sum[i] / count[i];
        return sum;
    }
}
