namespace DissimNet.Rdms;

/// <summary>Converts between square RDMs and upper-triangle vectors in scipy's and MATLAB's <c>squareform</c> order.</summary>
/// <remarks>The vector lists the row-major upper triangle without the diagonal: (0,1), (0,2), ..., (0,n-1), (1,2), ...</remarks>
internal static class SquareForm
{
    /// <summary>Number of condition pairs, n(n-1)/2.</summary>
    public static int PairCount(int conditions) => checked(conditions * (conditions - 1) / 2);

    /// <summary>Solves n(n-1)/2 = pairs for n, or returns null when <paramref name="pairs"/> is not a triangular number.</summary>
    public static int? ConditionCount(long pairs)
    {
        if (pairs < 1) return null;
        long n = (long)Math.Round((1 + Math.Sqrt(1 + 8.0 * pairs)) / 2);
        for (long candidate = n - 1; candidate <= n + 1; candidate++)
            if (candidate >= 2 && candidate * (candidate - 1) / 2 == pairs) return (int)candidate;
        return null;
    }

    /// <summary>Position of pair (i, j), i != j, in the vector.</summary>
    public static int PairIndex(int i, int j, int conditions)
    {
        if (i == j) throw new ArgumentException("a condition has no pair with itself");
        if (i > j) (i, j) = (j, i);
        // Rows before i contribute (n-1) + (n-2) + ... + (n-i) pairs.
        return i * conditions - i * (i + 1) / 2 + (j - i - 1);
    }

    /// <summary>The upper triangle of a row-major n x n matrix as a vector.</summary>
    public static double[] ToVector(ReadOnlySpan<double> square, int conditions)
    {
        var vector = new double[PairCount(conditions)];
        ToVector(square, conditions, vector);
        return vector;
    }

    /// <summary>Writes the upper triangle of a row-major n x n matrix into <paramref name="vector"/>.</summary>
    public static void ToVector(ReadOnlySpan<double> square, int conditions, Span<double> vector)
    {
        if (square.Length != conditions * conditions) throw new ArgumentException($"expected {conditions} x {conditions} elements, got {square.Length}");
        int k = 0;
        for (int i = 0; i < conditions; i++)
        {
            square.Slice(i * conditions + i + 1, conditions - i - 1).CopyTo(vector[k..]);
            k += conditions - i - 1;
        }
    }

    /// <summary>The symmetric row-major n x n matrix with zero diagonal that a vector describes.</summary>
    public static double[] ToSquare(ReadOnlySpan<double> vector)
    {
        int n = ConditionCount(vector.Length) ?? throw new ArgumentException($"{vector.Length} is not n(n-1)/2 for any n");
        var square = new double[n * n];
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++, k++)
            {
                square[i * n + j] = vector[k];
                square[j * n + i] = vector[k];
            }
        return square;
    }
}
