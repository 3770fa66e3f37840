using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace DissimNet.IO;

/// <summary>Writes MATLAB MAT-file version 5 files (readable by MATLAB's load and scipy.io.loadmat) holding numeric, logical and char arrays.</summary>
internal static partial class MatWriter
{
    /// <summary>Writes numeric arrays; an n-d <see cref="NdArray"/> becomes a MATLAB array of the same dimensions (a 1-D array becomes a 1 x n row).</summary>
    public static void WriteArrays(string path, IEnumerable<KeyValuePair<string, NdArray>> arrays, bool compress = true) =>
        Write(path, arrays.Select(a => new KeyValuePair<string, MatValue>(a.Key, new MatNumeric(AsMatlabShape(a.Value)))), compress);

    /// <summary>Writes numeric, logical and char values; compressed with zlib like MATLAB's default -v7 unless <paramref name="compress"/> is false.</summary>
    /// <remarks>Streamed into the file: a numeric array goes from its row-major values to the file (through zlib) in MATLAB's
    /// column-major order a block at a time, with no column-major copy, byte copy or in-memory file. A compressed element's
    /// length is written into its tag once it is known.</remarks>
    public static void Write(string path, IEnumerable<KeyValuePair<string, MatValue>> variables, bool compress = true)
    {
        var list = variables.ToList();
        foreach (var (name, _) in list)
            if (!NamePattern().IsMatch(name))
                throw new DissimNetException($"{path}: '{name}' is not a valid MATLAB variable name (a letter, then up to 62 letters, digits or underscores)");
        OutputFile.WriteStream(path, output =>
        {
            WriteHeader(output);
            foreach (var (name, value) in list)
            {
                if (!compress)
                {
                    WriteMatrix(output, name, value, path);
                    continue;
                }
                long tagAt = output.Position;
                WriteTag(output, MiType.Compressed, 0);
                using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) WriteMatrix(zlib, name, value, path);
                long length = output.Position - tagAt - 8;
                if (length > uint.MaxValue)
                    throw new DissimNetException($"{path}: variable '{name}' compresses to {ReadLimits.Describe(length)}, more than a MAT-file v5 element holds");
                output.Position = tagAt;
                WriteTag(output, MiType.Compressed, (uint)length);
                output.Seek(0, SeekOrigin.End);
            }
        });
    }

    /// <summary>One miMATRIX element: numeric arrays streamed, text and cells (small) encoded first.</summary>
    private static void WriteMatrix(Stream output, string name, MatValue value, string path)
    {
        if (value is not MatNumeric numeric)
        {
            output.Write(EncodeMatrix(name, value, path));
            return;
        }
        var array = numeric.Array;
        var nameBytes = Encoding.ASCII.GetBytes(name);
        int size = ElementTypes.Size(array.Type);
        long dataBytes = (long)array.Data.Length * size;
        long bodyLength = 16 + 8 + Padded(4L * array.Shape.Length) + 8 + Padded(nameBytes.Length) + 8 + Padded(dataBytes);
        if (dataBytes > uint.MaxValue || bodyLength > uint.MaxValue)
            throw new DissimNetException($"{path}: variable '{name}' holds {ReadLimits.Describe(dataBytes)}, more than a MAT-file v5 element holds; use .hdf5 or .npz");
        WriteTag(output, MiType.Matrix, (uint)bodyLength);
        WriteFlags(output, (uint)MatTypeOf(array.Type).Class | (array.Type == ElementType.Logical ? 0x200u : 0));
        WriteDimensions(output, array.Shape);
        WriteElement(output, MiType.Int8, nameBytes);
        WriteTag(output, MatTypeOf(array.Type).Storage, (uint)dataBytes);
        WriteColumnMajor(output, array.Data, array.Shape, size);
        output.Write(new byte[Padded(dataBytes) - dataBytes]);
    }

    private static long Padded(long length) => (length + 7) / 8 * 8;

    /// <summary>Writes row-major <paramref name="data"/> in column-major order (the first dimension fastest), little endian,
    /// through a small buffer.</summary>
    private static void WriteColumnMajor(Stream output, Array data, int[] shape, int size)
    {
        ReadOnlySpan<byte> raw = RawNumbers.AsBytes(data);
        int rank = shape.Length;
        var strides = new long[rank];
        long stride = 1;
        for (int d = rank - 1; d >= 0; d--) { strides[d] = stride; stride *= shape[d]; }
        var index = new int[rank];
        var buffer = new byte[(1 << 16) / size * size];
        int filled = 0;
        long offset = 0;
        for (long k = 0; k < data.Length; k++)
        {
            raw.Slice((int)(offset * size), size).CopyTo(buffer.AsSpan(filled));
            filled += size;
            if (filled == buffer.Length)
            {
                output.Write(buffer, 0, filled);
                filled = 0;
            }
            for (int d = 0; d < rank; d++) // the next element in column-major order
            {
                offset += strides[d];
                if (++index[d] < shape[d]) break;
                offset -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
        output.Write(buffer, 0, filled);
    }

    /// <summary>MATLAB arrays have at least two dimensions: scalars become 1x1 and vectors 1 x n rows.</summary>
    private static NdArray AsMatlabShape(NdArray array) => array.Rank switch
    {
        0 => array.Reshape(1, 1),
        1 => array.Reshape(1, array.Shape[0]),
        _ => array,
    };

    private static void WriteHeader(Stream output)
    {
        var header = new byte[128];
        var text = $"MATLAB 5.0 MAT-file, Platform: {Environment.OSVersion.Platform}, Created on: {DateTime.UtcNow:ddd MMM dd HH:mm:ss yyyy} by DissimNet";
        header.AsSpan(0, 116).Fill((byte)' ');
        Encoding.ASCII.GetBytes(text.AsSpan(0, Math.Min(text.Length, 116)), header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(124), 0x0100);
        header[126] = (byte)'I';
        header[127] = (byte)'M';
        output.Write(header);
    }

    /// <summary>One miMATRIX element (tag included), little endian.</summary>
    private static byte[] EncodeMatrix(string name, MatValue value, string path)
    {
        using var body = new MemoryStream();
        switch (value)
        {
            case MatNumeric numeric:
            {
                var array = numeric.Array;
                uint flags = (uint)MatTypeOf(array.Type).Class | (array.Type == ElementType.Logical ? 0x200u : 0);
                WriteFlags(body, flags);
                WriteDimensions(body, array.Shape);
                WriteElement(body, MiType.Int8, Encoding.ASCII.GetBytes(name));
                var columnMajor = ColumnMajor.FromRowMajor(array.Data, array.Shape);
                WriteElement(body, MatTypeOf(array.Type).Storage, RawNumbers.Encode(columnMajor, bigEndian: false));
                break;
            }
            case MatChar text:
                WriteFlags(body, (uint)MxClass.Char);
                WriteDimensions(body, text.Dimensions);
                WriteElement(body, MiType.Int8, Encoding.ASCII.GetBytes(name));
                WriteElement(body, MiType.UInt16, Encoding.Unicode.GetBytes(text.ColumnMajorChars.ToArray()));
                break;
            case MatCell cell:
                // Each cell is a nested miMATRIX with an empty name.
                WriteFlags(body, (uint)MxClass.Cell);
                WriteDimensions(body, cell.Dimensions);
                WriteElement(body, MiType.Int8, Encoding.ASCII.GetBytes(name));
                foreach (var item in cell.Elements) body.Write(EncodeMatrix("", item, path));
                break;
            default:
                throw new DissimNetException($"{path}: variable '{name}' is a {value.ClassName} array; DissimNet writes numeric, logical, char and cell arrays only");
        }
        using var element = new MemoryStream();
        WriteTag(element, MiType.Matrix, (uint)body.Length);
        body.Position = 0;
        body.CopyTo(element);
        return element.ToArray();
    }

    private static void WriteFlags(Stream s, uint flags)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, flags);
        WriteElement(s, MiType.UInt32, bytes);
    }

    private static void WriteDimensions(Stream s, int[] dims)
    {
        var bytes = new byte[dims.Length * 4];
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), dims[i]);
        WriteElement(s, MiType.Int32, bytes);
    }

    private static void WriteTag(Stream s, MiType type, uint length)
    {
        Span<byte> tag = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, (uint)type);
        BinaryPrimitives.WriteUInt32LittleEndian(tag[4..], length);
        s.Write(tag);
    }

    /// <summary>A data element padded to 8 bytes (always the regular format: MATLAB and scipy read both).</summary>
    private static void WriteElement(Stream s, MiType type, byte[] data)
    {
        WriteTag(s, type, (uint)data.Length);
        s.Write(data);
        s.Write(new byte[(8 - data.Length % 8) % 8]);
    }

    /// <summary>MATLAB class and storage type of each element type (logical is stored as uint8 with the logical flag).</summary>
    private static (MxClass Class, MiType Storage) MatTypeOf(ElementType type) => type switch
    {
        ElementType.Double => (MxClass.Double, MiType.Double),
        ElementType.Single => (MxClass.Single, MiType.Single),
        ElementType.Int8 => (MxClass.Int8, MiType.Int8),
        ElementType.UInt8 or ElementType.Logical => (MxClass.UInt8, MiType.UInt8),
        ElementType.Int16 => (MxClass.Int16, MiType.Int16),
        ElementType.UInt16 => (MxClass.UInt16, MiType.UInt16),
        ElementType.Int32 => (MxClass.Int32, MiType.Int32),
        ElementType.UInt32 => (MxClass.UInt32, MiType.UInt32),
        ElementType.Int64 => (MxClass.Int64, MiType.Int64),
        ElementType.UInt64 => (MxClass.UInt64, MiType.UInt64),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,62}$")]
    private static partial Regex NamePattern();
}
