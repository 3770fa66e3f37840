using DissimNet.IO;

namespace DissimNet.Rdms;

/// <summary>RDMs restricted to some of their conditions, e.g. the images kept for training or held out for validation.</summary>
internal static class RdmSubsets
{
    /// <summary>The rows and columns <paramref name="keep"/> (in that order) of every square RDM in a stack (subjects [x time] x n x n).</summary>
    public static NdArray SelectConditions(NdArray rdms, int[] keep)
    {
        int n = rdms.Shape[^1], m = keep.Length;
        int matrices = rdms.Count / (n * n);
        var values = rdms.ToDoubleArray();
        var result = new double[matrices * m * m];
        for (int r = 0; r < matrices; r++)
            for (int a = 0; a < m; a++)
                for (int b = 0; b < m; b++)
                    result[(r * m + a) * m + b] = values[((long)r * n + keep[a]) * n + keep[b]];
        var shape = (int[])rdms.Shape.Clone();
        shape[^1] = m;
        shape[^2] = m;
        return new NdArray(shape, result);
    }
}
