using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DissimNet.IO;

/// <summary>Reads ranges of elements from a float32 or float64 .npy file (C order) without loading it whole, for arrays larger than memory allows.</summary>
internal sealed class NpyStream : IDisposable
{
    readonly Microsoft.Win32.SafeHandles.SafeFileHandle handle;
    readonly NpyHeader header;
    byte[] buffer = [];

    NpyStream(string path, Microsoft.Win32.SafeHandles.SafeFileHandle handle, NpyHeader header)
    {
        Path = path;
        this.handle = handle;
        this.header = header;
    }

    /// <summary>Opens <paramref name="path"/> when it holds a C-order float32 or float64 array; null for any other .npy (read it with <see cref="Npy.Read"/>).</summary>
    public static NpyStream? TryOpen(string path)
    {
        FileBytes.CheckRegular(path);
        var handle = File.OpenHandle(path);
        try
        {
            var prefix = new byte[12];
            int got = RandomAccess.Read(handle, prefix, 0);
            long end = Npy.HeaderEnd(prefix[..got]);
            var headerBytes = new byte[Math.Min(end, 1 << 20)];
            got = RandomAccess.Read(handle, headerBytes, 0);
            var header = Npy.ParseHeader(headerBytes[..got], path, checkLimit: false);
            long available = RandomAccess.GetLength(handle) - header.DataStart;
            if (header.DataBytes > available)
                throw new DissimNetException($"{path}: file is truncated (shape ({string.Join(", ", header.Shape)}) of {header.Descr} needs {header.DataBytes} data bytes, {available} present)");
            if (header.Fortran || header.Type is not (ElementType.Single or ElementType.Double)) { handle.Dispose(); return null; }
            return new NpyStream(path, handle, header);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The array's shape.</summary>
    public int[] Shape => header.Shape;

    /// <summary>Single or Double.</summary>
    public ElementType Type => header.Type;

    /// <summary>Reads elements [<paramref name="start"/>, start + destination.Length) of the flattened array as doubles.</summary>
    public void Read(long start, Span<double> destination)
    {
        // In pieces, so that the byte buffer stays small however large the range.
        for (int done = 0; done < destination.Length; done += Piece)
        {
            var part = destination.Slice(done, Math.Min(Piece, destination.Length - done));
            ReadPiece(start + done, part);
        }
    }

    /// <summary>Elements read at once: 8 MB of bytes at most.</summary>
    const int Piece = 1 << 20;

    void ReadPiece(long start, Span<double> destination)
    {
        int size = header.Type == ElementType.Single ? 4 : 8;
        var span = ReadBytes(start, destination.Length, size);
        bool swap = header.BigEndian == BitConverter.IsLittleEndian;
        if (size == 4)
        {
            var values = MemoryMarshal.Cast<byte, uint>(span);
            for (int i = 0; i < destination.Length; i++)
                destination[i] = BitConverter.UInt32BitsToSingle(swap ? BinaryPrimitives.ReverseEndianness(values[i]) : values[i]);
        }
        else
        {
            var values = MemoryMarshal.Cast<byte, ulong>(span);
            for (int i = 0; i < destination.Length; i++)
                destination[i] = BitConverter.UInt64BitsToDouble(swap ? BinaryPrimitives.ReverseEndianness(values[i]) : values[i]);
        }
    }

    /// <summary>Reads elements [<paramref name="start"/>, start + destination.Length) of a float32 array as they are stored.</summary>
    public void Read(long start, Span<float> destination)
    {
        if (header.Type != ElementType.Single) throw new InvalidOperationException($"{Path} holds {header.Descr}, not float32");
        bool swap = header.BigEndian == BitConverter.IsLittleEndian;
        for (int done = 0; done < destination.Length; done += Piece)
        {
            var part = destination.Slice(done, Math.Min(Piece, destination.Length - done));
            var values = MemoryMarshal.Cast<byte, uint>(ReadBytes(start + done, part.Length, 4));
            for (int i = 0; i < part.Length; i++)
                part[i] = BitConverter.UInt32BitsToSingle(swap ? BinaryPrimitives.ReverseEndianness(values[i]) : values[i]);
        }
    }

    /// <summary>The bytes of <paramref name="count"/> elements of <paramref name="size"/> bytes from element <paramref name="start"/>, in a reused buffer.</summary>
    Span<byte> ReadBytes(long start, int count, int size)
    {
        int bytes = count * size;
        if (buffer.Length < bytes) buffer = new byte[bytes];
        var span = buffer.AsSpan(0, bytes);
        long offset = header.DataStart + start * size;
        int done = 0;
        while (done < bytes)
        {
            int got = RandomAccess.Read(handle, span[done..], offset + done);
            if (got == 0) throw new DissimNetException($"{Path}: file ended early while reading element {start + done / size}");
            done += got;
        }
        return span;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => handle.Dispose();
}

/// <summary>Writes a float32 .npy file piece by piece (through <see cref="OutputFile"/>), for arrays produced in blocks.</summary>
internal static class NpyFloatWriter
{
    /// <summary>Writes an array of <paramref name="shape"/>: <paramref name="produce"/> hands its values, in C order, to the
    /// writer it is given, in pieces of any size; fails unless exactly the shape's count arrives.</summary>
    public static void Write(string path, int[] shape, Action<Action<ReadOnlySpan<float>>> produce)
    {
        long expected = 1;
        foreach (var d in shape) expected *= d;
        OutputFile.WriteStream(path, stream =>
        {
            stream.Write(Npy.Header(ElementType.Single, shape));
            long written = 0;
            produce(values =>
            {
                if (BitConverter.IsLittleEndian) stream.Write(MemoryMarshal.AsBytes(values));
                else
                {
                    var bytes = new byte[values.Length * 4];
                    for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
                    stream.Write(bytes);
                }
                written += values.Length;
            });
            if (written != expected) throw new InvalidOperationException($"{path}: {written} values written for shape ({string.Join(", ", shape)})");
        });
    }
}
