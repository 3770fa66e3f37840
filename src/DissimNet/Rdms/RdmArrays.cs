using DissimNet.IO;

namespace DissimNet.Rdms;

/// <summary>Turns arrays read from files into RDM stacks, checking their shape and contents.</summary>
internal static class RdmArrays
{
    /// <summary>Relative tolerance for symmetry and for a zero diagonal.</summary>
    public const double Tolerance = 1e-8;

    /// <summary>Reads RDMs from an array whose last two axes are n x n (square RDMs) or whose last axis holds n(n-1)/2 pairs (vectors).</summary>
    /// <remarks>Leading axes are subjects, or subjects x time points (MEG). Singleton leading axes are dropped
    /// (MATLAB stores a vector as 1 x m). A non-zero diagonal is kept as a warning in <see cref="RdmStack.Warnings"/>;
    /// an asymmetric matrix or a length that is no triangle is an error naming <paramref name="source"/>.</remarks>
    public static RdmStack ToStack(NdArray array, string source)
    {
        var shape = array.Shape;
        if (shape.Length == 0 || array.Count == 0)
            throw new DissimNetException($"{source}: expected an RDM (n x n matrix or n(n-1)/2 vector), got an array of shape {array.ShapeText}");
        var warnings = new List<string>();
        // A 1 x 1 matrix would otherwise read as a vector of one pair (2 conditions); it is one condition, too few for an RDM.
        if (shape.Length >= 2 && shape[^1] == 1 && shape[^2] == 1)
            throw new DissimNetException($"{source}: a 1 x 1 matrix (array of shape {array.ShapeText}) holds one condition; an RDM needs at least 2 conditions");
        bool square = shape.Length >= 2 && shape[^1] == shape[^2] && shape[^1] >= 2;
        int n;
        int[] leading;
        double[] vectors;
        if (square)
        {
            n = shape[^1];
            leading = Leading(shape[..^2], source, array);
            // Square matrices are condensed as they are read, straight from single or double data, so that the only copy
            // made is the stack itself (half the matrices' size in doubles), not the matrices converted to double first.
            vectors = array.Data switch
            {
                float[] single when array.Type == ElementType.Single => Condense(single, n, source, leading, warnings),
                double[] values when array.Type == ElementType.Double => Condense(values, n, source, leading, warnings),
                _ => Condense(array.ToDoubleArray(), n, source, leading, warnings),
            };
        }
        else
        {
            n = SquareForm.ConditionCount(shape[^1])
                ?? throw new DissimNetException($"{source}: expected n x n RDMs or vectors of n(n-1)/2 pairs, but the array is {array.ShapeText} and {shape[^1]} is not n(n-1)/2 for any n");
            leading = Leading(shape[..^1], source, array);
            // A double array is copied (the caller keeps it); other types are converted into a new array already.
            vectors = array.Data is double[] values ? (double[])values.Clone() : array.ToDoubleArray();
            int infinite = Array.FindIndex(vectors, double.IsInfinity);
            if (infinite >= 0)
                throw new DissimNetException($"{source}: pair {infinite % SquareForm.PairCount(n)}{Describe(infinite / SquareForm.PairCount(n), leading)} is {vectors[infinite]}; dissimilarities must be finite (NaN marks a missing pair)");
        }
        return new RdmStack(n, leading, vectors, null, warnings, array.Type == ElementType.Single);
    }

    /// <summary>The upper triangles of the count x n x n matrices in <paramref name="values"/>, each checked for symmetry and its diagonal.</summary>
    static double[] Condense<T>(T[] values, int n, string source, int[] leading, List<string> warnings) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        int count = values.Length / (n * n), pairs = SquareForm.PairCount(n);
        var vectors = new double[(long)count * pairs];
        for (int k = 0; k < count; k++)
        {
            var matrix = values.AsSpan(k * n * n, n * n);
            CheckSquare<T>(matrix, n, source, Describe(k, leading), warnings);
            var vector = vectors.AsSpan(k * pairs, pairs);
            for (int i = 0, p = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) vector[p++] = double.CreateTruncating(matrix[i * n + j]);
        }
        return vectors;
    }

    static int[] Leading(int[] axes, string source, NdArray array)
    {
        if (axes.Length <= 2) return axes;
        var kept = axes.Where(d => d != 1).ToArray();
        if (kept.Length <= 2) return kept;
        throw new DissimNetException($"{source}: array of shape {array.ShapeText} has {axes.Length} leading axes; expected at most two (subjects, time points)");
    }

    static string Describe(int k, int[] leading) => leading.Length == 0 ? "" : $" (RDM {k})";

    internal static void CheckSquare<T>(ReadOnlySpan<T> matrix, int n, string source, string which, List<string> warnings) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        // Single values widen to double exactly, so every test below sees the numbers the double copy held.
        var m = new DoubleView<T>(matrix);
        double scale = 0;
        foreach (var x in matrix) { double v = double.CreateTruncating(x); if (double.IsFinite(v)) scale = Math.Max(scale, Math.Abs(v)); }
        double tol = Tolerance * Math.Max(scale, 1e-300);
        double worstDiagonal = 0;
        for (int i = 0; i < n; i++)
        {
            var d = m[i * n + i];
            if (!double.IsNaN(d)) worstDiagonal = Math.Max(worstDiagonal, Math.Abs(d));
            for (int j = i + 1; j < n; j++)
            {
                double a = m[i * n + j], b = m[j * n + i];
                // An infinite value equals its mirror image but cannot be compared with a tolerance: name it, not "asymmetric".
                if (double.IsInfinity(a) || double.IsInfinity(b))
                    throw new DissimNetException($"{source}{which}: entry ({i},{j}) = {a} and ({j},{i}) = {b}; dissimilarities must be finite (NaN marks a missing pair)");
                bool bothMissing = double.IsNaN(a) && double.IsNaN(b);
                if (!bothMissing && !(Math.Abs(a - b) <= tol))
                    throw new DissimNetException($"{source}{which}: expected a symmetric dissimilarity matrix, but entry ({i},{j}) = {a} and ({j},{i}) = {b}");
            }
        }
        if (worstDiagonal > tol)
            warnings.Add($"{source}{which}: the diagonal is not zero (largest |d(i,i)| = {worstDiagonal:g4}); it is ignored");
    }

    /// <summary>Elements of a span read as double.</summary>
    readonly ref struct DoubleView<T>(ReadOnlySpan<T> values) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        readonly ReadOnlySpan<T> values = values;
        public double this[int i] => double.CreateTruncating(values[i]);
    }
}
