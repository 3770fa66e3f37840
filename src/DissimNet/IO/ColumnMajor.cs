namespace DissimNet.IO;

/// <summary>Reorders elements between column-major (MATLAB, Fortran) and row-major (C, <see cref="NdArray"/>) storage.</summary>
internal static class ColumnMajor
{
    /// <summary>Column-major data with the given dimensions, reordered so <c>A(i,j,k)</c> becomes row-major element <c>[i,j,k]</c>.</summary>
    public static Array ToRowMajor(Array columnMajor, int[] dimensions) => Reorder(columnMajor, dimensions, toRowMajor: true);

    /// <summary>Row-major data with the given dimensions, reordered into column-major storage.</summary>
    public static Array FromRowMajor(Array rowMajor, int[] dimensions) => Reorder(rowMajor, dimensions, toRowMajor: false);

    private static Array Reorder(Array source, int[] dims, bool toRowMajor)
    {
        // With at most one non-singleton dimension both orders coincide.
        if (dims.Count(d => d > 1) <= 1) return source;
        if (source.GetType() == typeof(char[])) return Reorder((char[])source, dims, toRowMajor);
        return ElementTypes.Of(source) switch
        {
            ElementType.Double => Reorder((double[])source, dims, toRowMajor),
            ElementType.Single => Reorder((float[])source, dims, toRowMajor),
            ElementType.Int8 => Reorder((sbyte[])source, dims, toRowMajor),
            ElementType.UInt8 => Reorder((byte[])source, dims, toRowMajor),
            ElementType.Int16 => Reorder((short[])source, dims, toRowMajor),
            ElementType.UInt16 => Reorder((ushort[])source, dims, toRowMajor),
            ElementType.Int32 => Reorder((int[])source, dims, toRowMajor),
            ElementType.UInt32 => Reorder((uint[])source, dims, toRowMajor),
            ElementType.Int64 => Reorder((long[])source, dims, toRowMajor),
            ElementType.UInt64 => Reorder((ulong[])source, dims, toRowMajor),
            _ => Reorder((bool[])source, dims, toRowMajor),
        };
    }

    /// <summary>Column-major float64 or float32 values stored in the machine's byte order, decoded straight into row-major
    /// order: a large variable is then held once as numbers, not decoded and then reordered into a second array.
    /// Null for any other storage (decode, then reorder).</summary>
    public static Array? DecodeToRowMajor(ReadOnlySpan<byte> bytes, ElementType stored, ElementType target, bool bigEndian, int[] dimensions)
    {
        if (stored != target || bigEndian == BitConverter.IsLittleEndian || dimensions.Count(d => d > 1) <= 1) return null;
        return stored switch
        {
            ElementType.Double => Reorder(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes), dimensions, toRowMajor: true),
            ElementType.Single => Reorder(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes), dimensions, toRowMajor: true),
            _ => null,
        };
    }

    /// <summary>Walks the row-major index in order while tracking the matching column-major index.</summary>
    private static T[] Reorder<T>(ReadOnlySpan<T> source, int[] dims, bool toRowMajor)
    {
        int n = dims.Length;
        var result = new T[source.Length];
        if (source.Length == 0) return result;
        var columnStride = new int[n];
        int stride = 1;
        for (int k = 0; k < n; k++) { columnStride[k] = stride; stride *= dims[k]; }
        var index = new int[n];
        int column = 0;
        for (int row = 0; row < source.Length; row++)
        {
            if (toRowMajor) result[row] = source[column];
            else result[column] = source[row];
            for (int k = n - 1; k >= 0; k--)
            {
                column += columnStride[k];
                if (++index[k] < dims[k]) break;
                column -= columnStride[k] * dims[k];
                index[k] = 0;
            }
        }
        return result;
    }
}
