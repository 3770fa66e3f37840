using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DissimNet.IO;

/// <summary>Reads and writes NumPy .npy files (format versions 1 to 3; bool, integer and float arrays, C or Fortran order).</summary>
internal static partial class Npy
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads one .npy file.</summary>
    /// <remarks>A little-endian float32 or float64 array in C order is read straight into its array, so that the file's
    /// bytes are not held beside it (a 4 x 4000 x 4000 RDM stack is 256 MB once, not twice); anything else, including
    /// every damaged file, takes the general parser and its messages.</remarks>
    public static NdArray Read(string path) => TryReadDirect(path) ?? Parse(FileBytes.ReadAll(path), path);

    static NdArray? TryReadDirect(string path)
    {
        NpyHeader header;
        long length;
        try
        {
            length = FileBytes.CheckRegular(path);
            header = ReadHeader(path);
        }
        catch (DissimNetException)
        {
            return null;
        }
        if (header.Type is not (ElementType.Single or ElementType.Double) || header.BigEndian != !BitConverter.IsLittleEndian
            || header.Fortran || length != header.DataStart + header.DataBytes || header.DataBytes > int.MaxValue)
            return null;
        ReadLimits.Check(length, path, "the file");
        var data = ElementTypes.NewArray(header.Type, checked((int)(header.DataBytes / ElementTypes.Size(header.Type))));
        try
        {
            using var stream = File.OpenRead(path);
            stream.Position = header.DataStart;
            stream.ReadExactly(RawNumbers.AsBytes(data));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DissimNetException($"{path}: cannot read ({e.Message})");
        }
        return new NdArray(header.Shape, data, header.Type);
    }

    /// <summary>Reads only a .npy file's header (type and shape), for an inventory; the file's length must hold the data it declares.</summary>
    internal static NpyHeader ReadHeader(string path)
    {
        long length = FileBytes.CheckRegular(path);
        var prefix = FileBytes.ReadPrefix(path, 12);
        var bytes = FileBytes.ReadPrefix(path, (int)Math.Min(HeaderEnd(prefix), MaxHeaderBytes));
        var header = ParseHeader(bytes, path);
        if (header.DataBytes > length - header.DataStart)
            throw new DissimNetException($"{path}: file is truncated (shape ({string.Join(", ", header.Shape)}) of {header.Descr} needs {header.DataBytes} data bytes, {length - header.DataStart} present)");
        return header;
    }

    // NumPy writes headers of a few hundred bytes; a larger claim is a corrupt file, refused by ParseHeader as truncated.
    internal const long MaxHeaderBytes = 1 << 20;

    /// <summary>Writes one .npy file (version 1.0, C order, little endian).</summary>
    public static void Write(string path, NdArray array) => OutputFile.WriteBytes(path, Encode(array));

    /// <summary>Parses .npy bytes; <paramref name="where"/> names the file (and archive member) in errors.</summary>
    internal static NdArray Parse(byte[] bytes, string where)
    {
        var header = ParseHeader(bytes, where);
        if (header.DataBytes > bytes.Length - header.DataStart)
            throw new DissimNetException($"{where}: file is truncated (shape ({string.Join(", ", header.Shape)}) of {header.Descr} needs {header.DataBytes} data bytes, {bytes.Length - header.DataStart} present)");
        var data = RawNumbers.DecodeNative(bytes.AsSpan(header.DataStart, (int)header.DataBytes), header.Type, header.BigEndian);
        if (header.Fortran) data = ColumnMajor.ToRowMajor(data, header.Shape);
        return new NdArray(header.Shape, data, header.Type);
    }

    /// <summary>Parses the header at the start of <paramref name="bytes"/> (which may stop anywhere after it) and checks the declared data size against <see cref="ReadLimits"/>
    /// unless <paramref name="checkLimit"/> is false (readers that stream the data never hold it whole).</summary>
    internal static NpyHeader ParseHeader(byte[] bytes, string where, bool checkLimit = true)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new DissimNetException($"{where}: not a NumPy .npy file (missing the \\x93NUMPY magic)");
        int major = bytes[6];
        int headerStart = major == 1 ? 10 : 12;
        if (major is < 1 or > 3) throw new DissimNetException($"{where}: unsupported .npy format version {major}.{bytes[7]}");
        if (bytes.Length < headerStart) throw new DissimNetException($"{where}: file is truncated (incomplete .npy header)");
        long headerLength = HeaderLength(bytes, major);
        if (headerLength > bytes.Length - headerStart)
            throw new DissimNetException($"{where}: file is truncated (header claims {headerLength} bytes, {bytes.Length - headerStart} left)");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, headerStart, (int)headerLength);

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shapeMatch.Success)
            throw new DissimNetException($"{where}: unsupported .npy header (expected a plain dtype, fortran_order and shape): {MessageText.Printable(header.Trim())}");
        var (type, bigEndian) = ParseDtype(descr.Groups[1].Value, where);
        var shape = ParseShape(shapeMatch.Groups[1].Value, where);
        long count = ElementCount(shape, where);
        long byteCount = count * ElementTypes.Size(type);
        if (checkLimit) ReadLimits.Check(byteCount, where, $"shape ({string.Join(", ", shape)}) of {descr.Groups[1].Value}");
        return new NpyHeader(type, bigEndian, shape, fortran.Groups[1].Value == "True", headerStart + (int)headerLength, byteCount, descr.Groups[1].Value);
    }

    /// <summary>How many bytes of a file the header needs, from its first 12 bytes (the whole prefix when shorter).</summary>
    internal static long HeaderEnd(byte[] prefix) =>
        prefix.Length < 12 || prefix[6] is < 1 or > 3 ? prefix.Length : (prefix[6] == 1 ? 10 : 12) + HeaderLength(prefix, prefix[6]);

    private static long HeaderLength(byte[] bytes, int major) => major == 1
        ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8))
        : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));

    /// <summary>The .npy bytes for an array.</summary>
    internal static byte[] Encode(NdArray array)
    {
        var header = Header(array.Type, array.Shape);
        var data = RawNumbers.Encode(array.Data, bigEndian: false);
        var bytes = new byte[header.Length + data.Length];
        header.CopyTo(bytes, 0);
        data.CopyTo(bytes, header.Length);
        return bytes;
    }

    /// <summary>The magic, version and header of a version 1.0, C-order, little-endian .npy file; the data follows it.</summary>
    internal static byte[] Header(ElementType type, int[] shape)
    {
        string shapeText = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape) + ")",
        };
        string header = $"{{'descr': '{Descr(type)}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // NumPy pads the header with spaces so the data starts on a 64-byte boundary.
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        var bytes = new byte[10 + header.Length];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(10));
        return bytes;
    }

    private static string Descr(ElementType type) => type switch
    {
        ElementType.Double => "<f8",
        ElementType.Single => "<f4",
        ElementType.Int8 => "|i1",
        ElementType.UInt8 => "|u1",
        ElementType.Int16 => "<i2",
        ElementType.UInt16 => "<u2",
        ElementType.Int32 => "<i4",
        ElementType.UInt32 => "<u4",
        ElementType.Int64 => "<i8",
        ElementType.UInt64 => "<u8",
        ElementType.Logical => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static (ElementType Type, bool BigEndian) ParseDtype(string descr, string where)
    {
        ElementType? type = descr.Length < 2 ? null : descr[1..] switch
        {
            "f8" => ElementType.Double,
            "f4" => ElementType.Single,
            "i1" => ElementType.Int8,
            "u1" => ElementType.UInt8,
            "i2" => ElementType.Int16,
            "u2" => ElementType.UInt16,
            "i4" => ElementType.Int32,
            "u4" => ElementType.UInt32,
            "i8" => ElementType.Int64,
            "u8" => ElementType.UInt64,
            "b1" => ElementType.Logical,
            _ => null,
        };
        if (type is null || descr[0] is not ('<' or '>' or '|' or '='))
            throw new DissimNetException($"{where}: unsupported NumPy dtype '{MessageText.Printable(descr)}' (supported: float32, float64, int8..int64, uint8..uint64, bool)");
        return (type.Value, descr[0] == '>' || descr[0] == '=' && !BitConverter.IsLittleEndian);
    }

    private static int[] ParseShape(string text, string where)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new DissimNetException($"{where}: dimension '{MessageText.Printable(parts[i])}' in the .npy shape is not a valid size");
        }
        return shape;
    }

    internal static long ElementCount(int[] shape, string where)
    {
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > Array.MaxLength)
                throw new DissimNetException($"{where}: shape ({string.Join(", ", shape)}) holds more elements than DissimNet can load (corrupt file?)");
        }
        return count;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

/// <summary>What a .npy header declares: element type, byte order, shape, order, and where and how large the data is.</summary>
internal sealed record NpyHeader(ElementType Type, bool BigEndian, int[] Shape, bool Fortran, int DataStart, long DataBytes, string Descr);
