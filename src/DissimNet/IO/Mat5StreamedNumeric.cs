using System.IO.Compression;
using System.Runtime.InteropServices;

namespace DissimNet.IO;

internal static partial class Mat5Reader
{
    private const int StreamChunkBytes = 1 << 20;

    /// <summary>A compressed float64 or float32 array of more than one non-singleton dimension, stored in the machine's byte
    /// order, inflated piece by piece straight into its row-major array: a variable of hundreds of MB is then held once, as
    /// numbers, and never also as inflated bytes. Null for anything else and for anything unexpected (a damaged or truncated
    /// element): the caller then inflates the element whole and reads it as usual, which names the problem.</summary>
    private static KeyValuePair<string, MatValue>? InflateNumeric(ByteSpanReader data, ReadContext context, bool bigEndian)
    {
        if (bigEndian == BitConverter.IsLittleEndian) return null;
        try
        {
            using var input = new MemoryStream(data.Buffer, data.Position, data.Remaining, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var prefix = BoundedInflate.ReadUpTo(zlib, HeaderPrefixBytes);
            if (prefix.Length < HeaderPrefixBytes) return null; // a small variable: read whole
            var inner = new ByteSpanReader(prefix, 0, prefix.Length, bigEndian, context);
            if ((MiType)inner.ReadUInt32("compressed variable tag") != MiType.Matrix) return null;
            long declared = inner.ReadUInt32("compressed variable length");
            // Beyond a limit the whole path names (here too) is left to it; so is any damage, caught below.
            ReadLimits.Check(8L + declared, context.ToString(), "a compressed element");
            if (8L + declared > Array.MaxLength) return null;
            var (matClass, complex, logical, dims, name) = ReadArrayHeader(inner);
            if (complex || logical || matClass is not (MxClass.Double or MxClass.Single) || dims.Count(d => d > 1) <= 1) return null;
            uint first = inner.ReadUInt32("real part tag");
            if (first >> 16 != 0) return null;
            long length = inner.ReadUInt32("real part length");
            var stored = (MiType)first switch { MiType.Double => ElementType.Double, MiType.Single => ElementType.Single, _ => (ElementType?)null };
            var target = ClassElementType(matClass);
            if (stored != target) return null;
            long count = 1;
            foreach (int d in dims)
            {
                count *= d;
                if (count > Array.MaxLength) return null;
            }
            if (length != count * ElementTypes.Size(target) || inner.Position + length > 8 + declared) return null;
            context.Variable = name;
            ReadLimits.Check(ReadLimits.Bytes(count, 8), context.ToString(), $"array {string.Join("x", dims)}");
            int inPrefix = (int)Math.Min(length, prefix.Length - inner.Position);
            var head = prefix.AsSpan(inner.Position, inPrefix);
            Array? values = target == ElementType.Double ? Scatter<double>(zlib, head, dims, (int)count) : Scatter<float>(zlib, head, dims, (int)count);
            // The rest of the element (padding) must be there too, as the whole path requires.
            long rest = 8 + declared - prefix.Length - (length - inPrefix);
            if (values is null || rest > 0 && Drain(zlib, rest) < rest)
            {
                context.Variable = null;
                return null;
            }
            return new(name, new MatNumeric(new NdArray(dims, values, target)));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or DissimNetException)
        {
            context.Variable = null;
            return null;
        }
    }

    /// <summary>Column-major elements, the first in <paramref name="head"/> and the rest in <paramref name="zlib"/>, written to
    /// their row-major places; null when the stream ends early.</summary>
    private static T[]? Scatter<T>(Stream zlib, ReadOnlySpan<byte> head, int[] dims, int count) where T : unmanaged
    {
        int size = Marshal.SizeOf<T>();
        var result = new T[count];
        int n = dims.Length;
        var rowStride = new int[n];
        rowStride[n - 1] = 1;
        for (int k = n - 2; k >= 0; k--) rowStride[k] = rowStride[k + 1] * dims[k + 1];
        var index = new int[n];
        int row = 0, done = 0;
        var chunk = new byte[Math.Min(StreamChunkBytes, (long)count * size)];
        int carried = head.Length;
        head[..carried].CopyTo(chunk);
        while (done < count)
        {
            int want = (int)Math.Min(chunk.Length, (long)(count - done) * size);
            int filled = carried + BoundedInflate.ReadInto(zlib, chunk.AsSpan(carried, want - carried));
            carried = 0;
            if (filled < want) return null;
            foreach (var value in MemoryMarshal.Cast<byte, T>(chunk.AsSpan(0, want)))
            {
                result[row] = value;
                // The next column-major element: the first dimension moves fastest.
                for (int k = 0; k < n; k++)
                {
                    row += rowStride[k];
                    if (++index[k] < dims[k]) break;
                    row -= rowStride[k] * dims[k];
                    index[k] = 0;
                }
            }
            done += want / size;
        }
        return result;
    }

    /// <summary>Reads and drops up to <paramref name="count"/> bytes; returns how many there were.</summary>
    private static long Drain(Stream stream, long count)
    {
        var buffer = new byte[(int)Math.Min(count, 4096)];
        long read = 0;
        while (read < count)
        {
            int got = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count - read));
            if (got == 0) break;
            read += got;
        }
        return read;
    }
}
