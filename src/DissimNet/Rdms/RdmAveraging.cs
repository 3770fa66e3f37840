namespace DissimNet.Rdms;

/// <summary>Element-wise means of RDM vectors that skip missing (NaN) pairs.</summary>
internal static class RdmAveraging
{
    /// <summary>The NaN-ignoring mean of the selected vectors of a stack.</summary>
    public static double[] NanMean(RdmStack stack, IEnumerable<int> indices)
    {
        int p = stack.PairCount;
        var sum = new double[p];
        var count = new int[p];
        foreach (var k in indices)
        {
            var v = stack.Vector(k);
            for (int i = 0; i < p; i++)
                if (!double.IsNaN(v[i])) { sum[i] += v[i]; count[i]++; }
        }
        for (int i = 0; i < p; i++) sum[i] = count[i] == 0 ? double.NaN : sum[i] / count[i];
        return sum;
    }
}
