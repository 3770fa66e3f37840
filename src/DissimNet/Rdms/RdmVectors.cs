using DissimNet.IO;

namespace DissimNet.Rdms;

/// <summary>Receives one piece of an RDM read by <see cref="RdmVectors.ReadInPieces"/>; false stops the reading.</summary>
internal delegate bool PieceReader(int start, ReadOnlySpan<double> values);

/// <summary>A stack of RDM vectors read piece by piece (from memory or straight from a condensed .npy file), so that RDMs
/// too large to hold several of at once can be compared one at a time.</summary>
internal sealed partial class RdmVectors : IDisposable
{
    readonly Action<long, Span<double>> read;
    readonly IDisposable? owner;

    RdmVectors(int conditionCount, int count, bool singlePrecision, string source, Action<long, Span<double>> read, IDisposable? owner)
    {
        ConditionCount = conditionCount;
        PairCount = SquareForm.PairCount(conditionCount);
        Count = count;
        SinglePrecision = singlePrecision;
        Source = source;
        this.read = read;
        this.owner = owner;
    }

    /// <summary>Number of conditions n.</summary>
    public int ConditionCount { get; }

    /// <summary>Pairs per RDM.</summary>
    public int PairCount { get; }

    /// <summary>Number of RDMs (subjects).</summary>
    public int Count { get; }

    /// <summary>True when the values are single precision (their ranks are then those of the floats stored).</summary>
    public bool SinglePrecision { get; }

    /// <summary>The spec the vectors come from, for messages.</summary>
    public string Source { get; }

    /// <summary>Reads pairs [<paramref name="start"/>, start + destination.Length) of RDM <paramref name="rdm"/>.</summary>
    public void Read(int rdm, int start, Span<double> destination) => read((long)rdm * PairCount + start, destination);

    /// <summary>Reads RDM <paramref name="rdm"/> piece by piece through <paramref name="buffer"/>, handing each piece (its first
    /// pair index and its values) to <paramref name="take"/>; false as soon as <paramref name="take"/> returns false.</summary>
    internal bool ReadInPieces(int rdm, double[] buffer, PieceReader take)
    {
        for (int start = 0; start < PairCount; start += buffer.Length)
        {
            var span = buffer.AsSpan(0, Math.Min(buffer.Length, PairCount - start));
            Read(rdm, start, span);
            if (!take(start, span)) return false;
        }
        return true;
    }

    /// <summary>The vectors of a stack without a time axis.</summary>
    public static RdmVectors FromStack(RdmStack stack, string source = "target")
    {
        if (stack.HasTimeAxis) throw new ArgumentException("a subjects x time stack has no single vector per subject");
        return EveryRdm(stack, source);
    }

    /// <summary>Every RDM of a stack in storage order (subject by subject, each subject's time points in turn).</summary>
    internal static RdmVectors EveryRdm(RdmStack stack, string source = "target") =>
        InMemory(stack.ConditionCount, stack.Count, stack.SinglePrecision, source, stack.Vectors);

    /// <summary>One RDM's vector.</summary>
    internal static RdmVectors FromRdm(Rdm rdm, string source = "model") =>
        InMemory(rdm.ConditionCount, 1, false, source, rdm.Vector);

    static RdmVectors InMemory(int conditionCount, int count, bool singlePrecision, string source, double[] values) =>
        new(conditionCount, count, singlePrecision, source,
            (start, destination) => values.AsSpan(checked((int)start), destination.Length).CopyTo(destination), null);

    /// <summary>The vectors of a float32 or float64 .npy holding RDM vectors (pairs, or subjects x pairs, in C order), read as needed;
    /// null when the file holds anything else (square matrices, more axes): load it whole instead.</summary>
    /// <remarks><paramref name="index"/> keeps RDM k only.</remarks>
    public static RdmVectors? OpenNpy(string path, string source, int? index = null)
    {
        var stream = NpyStream.TryOpen(path);
        if (stream is null) return null;
        var shape = stream.Shape;
        var leading = shape.Length == 0 ? [] : shape[..^1].Where(d => d != 1).ToArray();
        int? n = shape.Length == 0 ? null : SquareForm.ConditionCount(shape[^1]);
        bool squareShape = shape.Length >= 2 && shape[^1] == shape[^2];
        if (n is null || n < 3 || squareShape || leading.Length > 1)
        {
            stream.Dispose();
            return null;
        }
        int count = leading.Length == 0 ? 1 : leading[0];
        long first = 0;
        if (index is { } k)
        {
            if (k < 0 || k >= count)
            {
                stream.Dispose();
                throw new DissimNetException($"{source}: RDM index {k} is out of range; it holds {count} RDM{(count == 1 ? "" : "s")} (0 to {count - 1})");
            }
            first = (long)k * SquareForm.PairCount(n.Value);
            count = 1;
        }
        return new RdmVectors(n.Value, count, stream.Type == ElementType.Single, source, (start, destination) => stream.Read(first + start, destination), stream);
    }

    /// <summary>Closes the file, if any.</summary>
    public void Dispose() => owner?.Dispose();
}
