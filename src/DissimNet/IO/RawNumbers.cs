using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DissimNet.IO;

/// <summary>Turns stored bytes into typed arrays and back, in either byte order.</summary>
internal static class RawNumbers
{
    /// <summary>Decodes <paramref name="bytes"/> holding numbers of <paramref name="stored"/> type into an array of <paramref name="target"/> type.</summary>
    public static Array Decode(ReadOnlySpan<byte> bytes, ElementType stored, bool bigEndian, ElementType target)
    {
        var native = DecodeNative(bytes, stored, bigEndian);
        return stored == target ? native : Convert(native, target);
    }

    /// <summary>Decodes bytes into an array of the stored type itself.</summary>
    public static Array DecodeNative(ReadOnlySpan<byte> bytes, ElementType stored, bool bigEndian)
    {
        int size = ElementTypes.Size(stored);
        int count = bytes.Length / size;
        var array = ElementTypes.NewArray(stored, count);
        var destination = AsBytes(array);
        bytes[..(count * size)].CopyTo(destination);
        if (stored == ElementType.Logical)
        {
            // A bool must be exactly 0 or 1 in memory; any nonzero byte means true.
            for (int i = 0; i < destination.Length; i++) destination[i] = destination[i] != 0 ? (byte)1 : (byte)0;
        }
        if (bigEndian == BitConverter.IsLittleEndian) ReverseEach(destination, size);
        return array;
    }

    /// <summary>Encodes an array's elements as bytes in the requested byte order.</summary>
    public static byte[] Encode(Array data, bool bigEndian)
    {
        var bytes = AsBytes(data).ToArray();
        if (bigEndian == BitConverter.IsLittleEndian) ReverseEach(bytes, ElementTypes.Size(ElementTypes.Of(data)));
        return bytes;
    }

    /// <summary>Converts between element types through double (exact for every value MATLAB and NumPy files store in a narrower type).</summary>
    public static Array Convert(Array source, ElementType target)
    {
        if (ElementTypes.Of(source) == target) return source;
        var probe = new NdArray([source.Length], source, ElementTypes.Of(source));
        var result = ElementTypes.NewArray(target, source.Length);
        switch (target)
        {
            case ElementType.Double: { var a = (double[])result; for (int i = 0; i < a.Length; i++) a[i] = probe.GetDouble(i); break; }
            case ElementType.Single: { var a = (float[])result; for (int i = 0; i < a.Length; i++) a[i] = (float)probe.GetDouble(i); break; }
            case ElementType.Int8: { var a = (sbyte[])result; for (int i = 0; i < a.Length; i++) a[i] = (sbyte)probe.GetDouble(i); break; }
            case ElementType.UInt8: { var a = (byte[])result; for (int i = 0; i < a.Length; i++) a[i] = (byte)probe.GetDouble(i); break; }
            case ElementType.Int16: { var a = (short[])result; for (int i = 0; i < a.Length; i++) a[i] = (short)probe.GetDouble(i); break; }
            case ElementType.UInt16: { var a = (ushort[])result; for (int i = 0; i < a.Length; i++) a[i] = (ushort)probe.GetDouble(i); break; }
            case ElementType.Int32: { var a = (int[])result; for (int i = 0; i < a.Length; i++) a[i] = (int)probe.GetDouble(i); break; }
            case ElementType.UInt32: { var a = (uint[])result; for (int i = 0; i < a.Length; i++) a[i] = (uint)probe.GetDouble(i); break; }
            case ElementType.Int64: { var a = (long[])result; for (int i = 0; i < a.Length; i++) a[i] = (long)probe.GetDouble(i); break; }
            case ElementType.UInt64: { var a = (ulong[])result; for (int i = 0; i < a.Length; i++) a[i] = (ulong)probe.GetDouble(i); break; }
            default: { var a = (bool[])result; for (int i = 0; i < a.Length; i++) a[i] = probe.GetDouble(i) != 0; break; }
        }
        return result;
    }

    /// <summary>The array's memory as bytes (no copy).</summary>
    public static Span<byte> AsBytes(Array data) => ElementTypes.Of(data) switch
    {
        ElementType.Double => MemoryMarshal.AsBytes(((double[])data).AsSpan()),
        ElementType.Single => MemoryMarshal.AsBytes(((float[])data).AsSpan()),
        ElementType.Int8 => MemoryMarshal.AsBytes(((sbyte[])data).AsSpan()),
        ElementType.UInt8 => ((byte[])data).AsSpan(),
        ElementType.Int16 => MemoryMarshal.AsBytes(((short[])data).AsSpan()),
        ElementType.UInt16 => MemoryMarshal.AsBytes(((ushort[])data).AsSpan()),
        ElementType.Int32 => MemoryMarshal.AsBytes(((int[])data).AsSpan()),
        ElementType.UInt32 => MemoryMarshal.AsBytes(((uint[])data).AsSpan()),
        ElementType.Int64 => MemoryMarshal.AsBytes(((long[])data).AsSpan()),
        ElementType.UInt64 => MemoryMarshal.AsBytes(((ulong[])data).AsSpan()),
        _ => MemoryMarshal.AsBytes(((bool[])data).AsSpan()),
    };

    private static void ReverseEach(Span<byte> bytes, int size)
    {
        switch (size)
        {
            case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<byte, ushort>(bytes)); break;
            case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes)); break;
            case 8: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes), MemoryMarshal.Cast<byte, ulong>(bytes)); break;
        }
    }
}
