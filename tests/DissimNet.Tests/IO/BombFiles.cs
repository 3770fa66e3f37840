using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DissimNet.Tests.IO;

/// <summary>Crafts small files that declare huge contents (memory and decompression bombs), each a few KB at most.</summary>
internal static class BombFiles
{
    static readonly MatBytes Mat = new(bigEndian: false);

    /// <summary>~200 bytes: a 46340 x 46340 struct array with no fields, so no data bounds its elements.</summary>
    public static byte[] MatEmptyStruct() => Mat.File(Mat.Matrix("s", MatBytes.Struct, [46340, 46340], false,
        Mat.Element(MatBytes.MiInt32, Mat.I32(32), small: true), Mat.Element(MatBytes.MiInt8, [])));

    /// <summary>A compressed element whose inner tag declares 4 GB.</summary>
    public static byte[] MatCompressedClaimingGigabytes() =>
        Mat.File(Mat.Compressed([.. Mat.U32(MatBytes.MiMatrix), .. Mat.U32(0xFFFFFFF0), .. new byte[64]]));

    /// <summary>A compressed element whose tag declares 200 bytes but which inflates to 64 MB of zeros.</summary>
    public static byte[] MatCompressedOverrun() =>
        Mat.File(CompressedElement([.. Mat.Matrix("x", MatBytes.Double, [1, 1], false, Mat.Element(MatBytes.MiDouble, Mat.Doubles(1))).Take(8)], 64 << 20, declared: 200));

    /// <summary>A valid 13000 x 13000 double matrix of zeros, compressed to about 1.3 MB (the bytes are cached: they take a second to make).</summary>
    public static byte[] MatLargeValidMatrix() => LargeMatrix.Value;

    static readonly Lazy<byte[]> LargeMatrix = new(() =>
    {
        const int n = 13000;
        long dataBytes = 8L * n * n;
        byte[] data = [.. Mat.U32(MatBytes.MiDouble), .. Mat.U32((uint)dataBytes)];
        byte[] head = [.. Mat.Element(MatBytes.MiUInt32, [.. Mat.U32(MatBytes.Double), .. Mat.U32(0)]),
            .. Mat.Element(MatBytes.MiInt32, [.. Mat.I32(n), .. Mat.I32(n)]),
            .. Mat.Element(MatBytes.MiInt8, Encoding.ASCII.GetBytes("big"), small: true), .. data];
        byte[] tag = [.. Mat.U32(MatBytes.MiMatrix), .. Mat.U32((uint)(head.Length + dataBytes))];
        return Mat.File(CompressedElement([.. tag, .. head], dataBytes, declared: null));
    });

    /// <summary>A compressed element: <paramref name="start"/> then <paramref name="zeros"/> zero bytes, optionally with its tag length replaced.</summary>
    static byte[] CompressedElement(byte[] start, long zeros, uint? declared)
    {
        if (declared is { } length) BinaryPrimitives.WriteUInt32LittleEndian(start.AsSpan(4), length);
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(start);
            var block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.Length) zlib.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        var bytes = packed.ToArray();
        return [.. Mat.U32(MatBytes.MiCompressed), .. Mat.U32((uint)bytes.Length), .. bytes];
    }

    /// <summary>An .npz whose one member's header declares <paramref name="shape"/> doubles but holds 1 KB of data.</summary>
    public static byte[] Npz(string shape)
    {
        string header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({shape}), }}".PadRight(117) + "\n";
        byte[] npy = [0x93, .. "NUMPY"u8, 1, 0, .. BitConverter.GetBytes((ushort)header.Length), .. Encoding.ASCII.GetBytes(header), .. new byte[1024]];
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry("x.npy", CompressionLevel.Optimal).Open();
            stream.Write(npy);
        }
        return buffer.ToArray();
    }

    /// <summary>A PNG whose header declares 30000 x 30000 RGB pixels, with a few bytes of image data.</summary>
    public static byte[] Png()
    {
        byte[] ihdr = [.. BigEndian(30000), .. BigEndian(30000), 8, 2, 0, 0, 0];
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(new byte[30001 * 3]);
        return [0x89, .. "PNG\r\n"u8, 0x1A, (byte)'\n', .. Chunk("IHDR", ihdr), .. Chunk("IDAT", packed.ToArray()), .. Chunk("IEND", [])];
    }

    /// <summary>A safetensors file whose header declares a 100000 x 100000 float32 tensor over 16 bytes of data.</summary>
    public static byte[] Safetensors(long end = 40_000_000_000)
    {
        var json = Encoding.UTF8.GetBytes($"{{\"w\":{{\"dtype\":\"F32\",\"shape\":[100000,100000],\"data_offsets\":[0,{end}]}}}}");
        return [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. new byte[16]];
    }

    static byte[] BigEndian(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }

    static byte[] Chunk(string type, byte[] data)
    {
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        return [.. BigEndian((uint)data.Length), .. typed, .. BigEndian(Crc32(typed))];
    }

    static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
