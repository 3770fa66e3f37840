using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DissimNet.Tests.IO;

/// <summary>Builds MAT v5 files byte by byte from the format specification, to test the reader on layouts no fixture has.</summary>
internal sealed class MatBytes(bool bigEndian)
{
    public const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiDouble = 9,
        MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15, MiUtf8 = 16;
    public const int Cell = 1, Struct = 2, Char = 4, Sparse = 5, Double = 6, Int16 = 10, UInt8 = 9, UInt64 = 15;

    public byte[] File(params byte[][] variables)
    {
        var header = new byte[128];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, hand-built test file".PadRight(116), header);
        var version = U16(0x0100);
        version.CopyTo(header, 124);
        header[126] = (byte)(bigEndian ? 'M' : 'I');
        header[127] = (byte)(bigEndian ? 'I' : 'M');
        return [.. header, .. variables.SelectMany(v => v)];
    }

    /// <summary>A data element: regular format padded to 8 bytes, or the small format (up to 4 bytes of data in the tag).</summary>
    public byte[] Element(int type, byte[] data, bool small = false)
    {
        if (small)
        {
            var element = new byte[8];
            uint word = (uint)data.Length << 16 | (uint)type;
            if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(element, word); else BinaryPrimitives.WriteUInt32LittleEndian(element, word);
            data.CopyTo(element, 4);
            return element;
        }
        return [.. U32((uint)type), .. U32((uint)data.Length), .. data, .. new byte[(8 - data.Length % 8) % 8]];
    }

    public byte[] Matrix(string name, int matClass, int[] dims, bool logical, params byte[][] data)
    {
        uint flags = (uint)matClass | (logical ? 0x200u : 0);
        byte[] body = [
            .. Element(MiUInt32, [.. U32(flags), .. U32(0)]),
            .. Element(MiInt32, dims.SelectMany(I32).ToArray()),
            .. Element(MiInt8, Encoding.ASCII.GetBytes(name), small: name.Length is > 0 and <= 4),
            .. data.SelectMany(d => d)];
        return [.. U32(MiMatrix), .. U32((uint)body.Length), .. body];
    }

    public byte[] Compressed(byte[] element)
    {
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(element);
        var bytes = packed.ToArray();
        return [.. U32(MiCompressed), .. U32((uint)bytes.Length), .. bytes];
    }

    public byte[] Doubles(params double[] values) => values.SelectMany(v =>
    {
        var b = new byte[8];
        if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(b, v); else BinaryPrimitives.WriteDoubleLittleEndian(b, v);
        return b;
    }).ToArray();

    public byte[] U16(ushort v)
    {
        var b = new byte[2];
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        return b;
    }

    public byte[] U32(uint v)
    {
        var b = new byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    public byte[] I32(int v) => U32((uint)v);

    public byte[] U64(ulong v)
    {
        var b = new byte[8];
        if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, v); else BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b;
    }

    /// <summary>Struct field-name elements: the slot length and the zero-padded names.</summary>
    public byte[] FieldNames(params string[] names)
    {
        const int slot = 32;
        var bytes = new byte[slot * names.Length];
        for (int i = 0; i < names.Length; i++) Encoding.ASCII.GetBytes(names[i], bytes.AsSpan(i * slot));
        return [.. Element(MiInt32, I32(slot), small: true), .. Element(MiInt8, bytes)];
    }

    /// <summary>Writes the bytes to a fresh temporary .mat file.</summary>
    public static string Save(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dissimnet-test-{Guid.NewGuid():N}.mat");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }
}
