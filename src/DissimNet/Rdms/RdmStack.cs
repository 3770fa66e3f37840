using DissimNet.IO;

namespace DissimNet.Rdms;

/// <summary>Several RDMs over the same conditions: one per subject, or per subject and time point (MEG).</summary>
/// <remarks>RDMs are stored as upper-triangle vectors, one after another, the last leading axis varying fastest.</remarks>
public sealed class RdmStack
{
    /// <summary>Wraps vectors laid out as <paramref name="leadingShape"/> x n(n-1)/2 in row-major order.</summary>
    /// <remarks><paramref name="singlePrecision"/> marks data read from single-precision arrays: averages of such RDMs are then
    /// rounded to single precision as numpy, MATLAB and rsatoolbox compute them, which decides which averaged pairs tie.</remarks>
    public RdmStack(int conditionCount, int[] leadingShape, double[] vectors, IReadOnlyList<string>? conditionNames = null,
        IReadOnlyList<string>? warnings = null, bool singlePrecision = false)
    {
        SinglePrecision = singlePrecision;
        if (conditionCount < 2) throw new ArgumentException("an RDM needs at least 2 conditions");
        if (leadingShape.Length > 2) throw new ArgumentException("an RDM stack has at most two leading axes (subjects, time)");
        ConditionCount = conditionCount;
        PairCount = SquareForm.PairCount(conditionCount);
        LeadingShape = leadingShape;
        Count = 1;
        foreach (var d in leadingShape) Count *= d;
        if (vectors.Length != (long)Count * PairCount)
            throw new ArgumentException($"{vectors.Length} values do not fill {Count} RDMs of {PairCount} pairs");
        Vectors = vectors;
        ConditionNames = conditionNames;
        Warnings = warnings ?? [];
    }

    /// <summary>Reads RDMs from an array; see <see cref="RdmArrays.ToStack"/> for the accepted layouts.</summary>
    public static RdmStack FromArray(NdArray array, string source) => RdmArrays.ToStack(array, source);

    /// <summary>Number of conditions n.</summary>
    public int ConditionCount { get; }

    /// <summary>Pairs per RDM, n(n-1)/2.</summary>
    public int PairCount { get; }

    /// <summary>Leading axes: [] for one RDM, [subjects], or [subjects, time points].</summary>
    public int[] LeadingShape { get; }

    /// <summary>Total number of RDMs.</summary>
    public int Count { get; }

    /// <summary>Number of subjects (1 when there is no leading axis).</summary>
    public int SubjectCount => LeadingShape.Length == 0 ? 1 : LeadingShape[0];

    /// <summary>Number of time points per subject (1 unless MEG-shaped).</summary>
    public int TimeCount => LeadingShape.Length == 2 ? LeadingShape[1] : 1;

    /// <summary>True for a subjects x time stack (MEG layout).</summary>
    public bool HasTimeAxis => LeadingShape.Length == 2;

    /// <summary>All vectors, row-major: RDM k occupies [k * PairCount, (k+1) * PairCount).</summary>
    public double[] Vectors { get; }

    /// <summary>Condition names, when known.</summary>
    public IReadOnlyList<string>? ConditionNames { get; }

    /// <summary>True when the RDMs came from single-precision data (see the constructor).</summary>
    public bool SinglePrecision { get; }

    /// <summary>Problems found while reading that did not stop it (e.g. a non-zero diagonal).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The vector of RDM <paramref name="index"/> (flat over the leading axes).</summary>
    public ReadOnlySpan<double> Vector(int index) => Vectors.AsSpan(index * PairCount, PairCount);

    /// <summary>The vector of RDM <paramref name="index"/> as memory, for views that outlive a span (no copy).</summary>
    internal ReadOnlyMemory<double> Memory(int index) => Vectors.AsMemory(index * PairCount, PairCount);

    /// <summary>The vector of one subject's RDM at one time point.</summary>
    public ReadOnlySpan<double> Vector(int subject, int time) => Vector(subject * TimeCount + time);

    /// <summary>RDM <paramref name="index"/> as its own object.</summary>
    public Rdm this[int index] => new(Vector(index).ToArray(), ConditionNames);

    /// <summary>The element-wise mean over all RDMs, ignoring NaN (NaN where every RDM is NaN).</summary>
    public Rdm Mean() => new(RdmAveraging.NanMean(this, Enumerable.Range(0, Count)), ConditionNames, "mean");

    /// <summary>The stack with the time axis averaged away (subjects x pairs); unchanged when there is none.</summary>
    public RdmStack AverageOverTime()
    {
        if (!HasTimeAxis) return this;
        var result = new double[SubjectCount * PairCount];
        for (int s = 0; s < SubjectCount; s++)
            RdmAveraging.NanMean(this, Enumerable.Range(s * TimeCount, TimeCount)).CopyTo(result, s * PairCount);
        return new RdmStack(ConditionCount, [SubjectCount], result, ConditionNames, Warnings, SinglePrecision);
    }

    /// <summary>A stack of the given RDMs (flat indices), as subjects.</summary>
    public RdmStack Select(IReadOnlyList<int> indices)
    {
        var result = new double[indices.Count * PairCount];
        for (int k = 0; k < indices.Count; k++) Vector(indices[k]).CopyTo(result.AsSpan(k * PairCount));
        return new RdmStack(ConditionCount, [indices.Count], result, ConditionNames, Warnings, SinglePrecision);
    }

    /// <summary>A stack of the given subjects (0-based), each with all its time points; the time axis is kept.</summary>
    public RdmStack SelectSubjects(IReadOnlyList<int> subjects)
    {
        int per = TimeCount * PairCount;
        var result = new double[subjects.Count * per];
        for (int k = 0; k < subjects.Count; k++) Vectors.AsSpan(subjects[k] * per, per).CopyTo(result.AsSpan(k * per));
        int[] shape = HasTimeAxis ? [subjects.Count, TimeCount] : [subjects.Count];
        return new RdmStack(ConditionCount, shape, result, ConditionNames, Warnings, SinglePrecision);
    }

    /// <summary>Checks that <paramref name="model"/> has this stack's condition count, failing with a clear message.</summary>
    public void RequireSameConditions(Rdm model, string modelSource = "model", string targetSource = "target")
    {
        if (model.ConditionCount != ConditionCount)
            throw new DissimNetException($"{modelSource} has {model.ConditionCount} conditions but {targetSource} has {ConditionCount}: RDMs can only be compared over the same conditions");
    }
}
