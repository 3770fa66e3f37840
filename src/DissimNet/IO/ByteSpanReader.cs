using System.Buffers.Binary;

namespace DissimNet.IO;

/// <summary>Reads numbers from a byte buffer with a chosen byte order, checking every length against the bytes left.</summary>
/// <remarks>Every read that runs past the end throws a <see cref="DissimNetException"/> naming the file, so a
/// truncated or corrupt file can never cause an IndexOutOfRange or a huge allocation.</remarks>
internal sealed class ByteSpanReader
{
    private readonly byte[] _buffer;
    private readonly int _end;

    public ByteSpanReader(byte[] buffer, int start, int end, bool bigEndian, ReadContext context)
    {
        _buffer = buffer;
        Position = start;
        _end = end;
        BigEndian = bigEndian;
        Context = context;
    }

    /// <summary>The file (and variable) being read, for error messages.</summary>
    public ReadContext Context { get; }

    /// <summary>Whether multi-byte numbers are stored most significant byte first.</summary>
    public bool BigEndian { get; }

    /// <summary>Offset of the next byte to read.</summary>
    public int Position { get; set; }

    /// <summary>Bytes left before the end of this reader's window.</summary>
    public int Remaining => _end - Position;

    /// <summary>The whole underlying buffer (shared with child readers).</summary>
    public byte[] Buffer => _buffer;

    public bool AtEnd => Position >= _end;

    /// <summary>Fails unless <paramref name="count"/> bytes are left.</summary>
    public void Require(long count, string what)
    {
        if (count < 0 || count > Remaining)
            throw new DissimNetException($"{Context}: file is truncated or corrupt ({what} needs {count} bytes at offset {Position}, only {Math.Max(Remaining, 0)} left)");
    }

    public ReadOnlySpan<byte> ReadBytes(long count, string what)
    {
        Require(count, what);
        var span = new ReadOnlySpan<byte>(_buffer, Position, (int)count);
        Position += (int)count;
        return span;
    }

    public void Skip(long count, string what) => ReadBytes(count, what);

    public uint ReadUInt32(string what)
    {
        var b = ReadBytes(4, what);
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    public int ReadInt32(string what)
    {
        var b = ReadBytes(4, what);
        return BigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);
    }

    /// <summary>A reader over the next <paramref name="count"/> bytes; this reader moves past them.</summary>
    public ByteSpanReader Slice(long count, string what)
    {
        Require(count, what);
        var child = new ByteSpanReader(_buffer, Position, Position + (int)count, BigEndian, Context);
        Position += (int)count;
        return child;
    }
}

/// <summary>Where a reader is in a file (the file and the variable being read), written at the start of error messages.</summary>
internal sealed class ReadContext(string file)
{
    public string File { get; } = file;

    /// <summary>True when reading for an inventory: large arrays are described, not read.</summary>
    public bool HeadersOnly { get; init; }

    /// <summary>The variable being read, if any; setting it starts its count of <see cref="DeclaredBytes"/> afresh.</summary>
    public string? Variable
    {
        get;
        set { field = value; DeclaredBytes = 0; }
    }

    /// <summary>Bytes the arrays of the current variable declare so far, for a limit on the variable as a whole
    /// (a cell of references can name one large dataset many times).</summary>
    public long DeclaredBytes { get; private set; }

    /// <summary>Adds one array's declared bytes to the variable's and checks both against <see cref="ReadLimits"/>.</summary>
    public void Declare(long bytes, string what)
    {
        ReadLimits.Check(bytes, ToString(), what);
        DeclaredBytes = bytes > long.MaxValue - DeclaredBytes ? -1 : DeclaredBytes + bytes;
        ReadLimits.Check(DeclaredBytes, ToString(), $"with {what}, the variable's arrays together");
    }

    /// <summary>A DissimNetException whose message starts with this location.</summary>
    public DissimNetException Error(string problem) => new($"{this}: {problem}");

    public override string ToString() => Variable is null ? File : $"{File}: variable '{Variable}'";
}
