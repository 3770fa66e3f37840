namespace DissimNet.IO;

/// <summary>Names, sizes and array constructors for each <see cref="ElementType"/>.</summary>
internal static class ElementTypes
{
    /// <summary>MATLAB's class name for the type (double, single, int8, ..., logical).</summary>
    public static string MatlabName(ElementType type) => type switch
    {
        ElementType.Double => "double",
        ElementType.Single => "single",
        ElementType.Int8 => "int8",
        ElementType.UInt8 => "uint8",
        ElementType.Int16 => "int16",
        ElementType.UInt16 => "uint16",
        ElementType.Int32 => "int32",
        ElementType.UInt32 => "uint32",
        ElementType.Int64 => "int64",
        ElementType.UInt64 => "uint64",
        ElementType.Logical => "logical",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Bytes per element as stored in files.</summary>
    public static int Size(ElementType type) => type switch
    {
        ElementType.Double or ElementType.Int64 or ElementType.UInt64 => 8,
        ElementType.Single or ElementType.Int32 or ElementType.UInt32 => 4,
        ElementType.Int16 or ElementType.UInt16 => 2,
        _ => 1,
    };

    /// <summary>A zeroed .NET array of the type's element class (bool[] for logical).</summary>
    public static Array NewArray(ElementType type, int count) => type switch
    {
        ElementType.Double => new double[count],
        ElementType.Single => new float[count],
        ElementType.Int8 => new sbyte[count],
        ElementType.UInt8 => new byte[count],
        ElementType.Int16 => new short[count],
        ElementType.UInt16 => new ushort[count],
        ElementType.Int32 => new int[count],
        ElementType.UInt32 => new uint[count],
        ElementType.Int64 => new long[count],
        ElementType.UInt64 => new ulong[count],
        ElementType.Logical => new bool[count],
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The element type of a typed .NET array.</summary>
    /// <remarks>Decided by the exact element class: the runtime lets a byte[] pass as sbyte[] (and ushort[] as short[], ...),
    /// so type patterns such as <c>data is sbyte[]</c> cannot tell them apart.</remarks>
    public static ElementType Of(Array data) => Type.GetTypeCode(data.GetType().GetElementType()) switch
    {
        TypeCode.Double => ElementType.Double,
        TypeCode.Single => ElementType.Single,
        TypeCode.SByte => ElementType.Int8,
        TypeCode.Byte => ElementType.UInt8,
        TypeCode.Int16 => ElementType.Int16,
        TypeCode.UInt16 => ElementType.UInt16,
        TypeCode.Int32 => ElementType.Int32,
        TypeCode.UInt32 => ElementType.UInt32,
        TypeCode.Int64 => ElementType.Int64,
        TypeCode.UInt64 => ElementType.UInt64,
        TypeCode.Boolean => ElementType.Logical,
        _ => throw new ArgumentException($"unsupported element array {data.GetType().Name}"),
    };
}
