namespace DissimNet.Rdms;

/// <summary>One representational dissimilarity matrix, stored as its upper-triangle vector.</summary>
public sealed class Rdm
{
    /// <summary>Wraps an upper-triangle vector (squareform order); NaN marks a missing pair.</summary>
    public Rdm(double[] vector, IReadOnlyList<string>? conditionNames = null, string? name = null)
    {
        ConditionCount = SquareForm.ConditionCount(vector.Length)
            ?? throw new ArgumentException($"a vector of {vector.Length} entries is not the upper triangle of any square matrix (n(n-1)/2 entries)");
        if (conditionNames is not null && conditionNames.Count != ConditionCount)
            throw new ArgumentException($"{conditionNames.Count} condition names for {ConditionCount} conditions");
        Vector = vector;
        ConditionNames = conditionNames;
        Name = name;
    }

    /// <summary>Builds an RDM from a row-major n x n matrix (upper triangle kept, unchecked; <see cref="RdmArrays.ToStack"/> validates).</summary>
    public static Rdm FromSquare(ReadOnlySpan<double> square, int conditions, IReadOnlyList<string>? conditionNames = null, string? name = null)
        => new(SquareForm.ToVector(square, conditions), conditionNames, name);

    /// <summary>Number of conditions (stimuli) n.</summary>
    public int ConditionCount { get; }

    /// <summary>Number of condition pairs, n(n-1)/2.</summary>
    public int PairCount => Vector.Length;

    /// <summary>Dissimilarities of all pairs in squareform order.</summary>
    public double[] Vector { get; }

    /// <summary>Condition (stimulus) names, when known.</summary>
    public IReadOnlyList<string>? ConditionNames { get; }

    /// <summary>A label such as "mIT" or "subject 3", when known.</summary>
    public string? Name { get; }

    /// <summary>The full symmetric matrix, row-major, zero diagonal.</summary>
    public double[] ToSquare() => SquareForm.ToSquare(Vector);

    /// <summary>Dissimilarity between conditions i and j (0 when i == j).</summary>
    public double this[int i, int j] => i == j ? 0 : Vector[SquareForm.PairIndex(i, j, ConditionCount)];

    /// <summary>This RDM as a stack of one.</summary>
    public RdmStack ToStack() => new(ConditionCount, [], (double[])Vector.Clone(), ConditionNames);
}
