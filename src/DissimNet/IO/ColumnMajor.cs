namespace DissimNet.IO;

/// <summary>Reorders elements between column-major (MATLAB, Fortran) and row-major (C, <see cref="NdArray"/>) storage.</summary>
public static class ColumnMajor
{
    /// <summary>Column-major data with the given dimensions, reordered so <c>A(i,j,k)</c> becomes row-major element <c>[i,j,k]</c>.</summary>
    public static Array ToRowMajor(Array columnMajor, int[] dimensions) => Reorder(columnMajor, dimensions, toRowMajor: true);

    /// <summary>Row-major data with the given dimensions, reordered into column-major storage.</summary>
    public static Array FromRowMajor(Array rowMajor, int[] dimensions) => Reorder(rowMajor, dimensions, toRowMajor: false);

    private static Array Reorder(Array source, int[] dims, bool toRowMajor)
    {
        // With at most one non-singleton dimension both orders coincide.
        if (dims.Count(d => d > 1) <= 1) return source;
        return source switch
        {
            double[] a => Reorder(a, dims, toRowMajor),
            float[] a => Reorder(a, dims, toRowMajor),
            sbyte[] a => Reorder(a, dims, toRowMajor),
            byte[] a => Reorder(a, dims, toRowMajor),
            short[] a => Reorder(a, dims, toRowMajor),
            ushort[] a => Reorder(a, dims, toRowMajor),
            int[] a => Reorder(a, dims, toRowMajor),
            uint[] a => Reorder(a, dims, toRowMajor),
            long[] a => Reorder(a, dims, toRowMajor),
            ulong[] a => Reorder(a, dims, toRowMajor),
            bool[] a => Reorder(a, dims, toRowMajor),
            char[] a => Reorder(a, dims, toRowMajor),
            _ => throw new ArgumentException($"unsupported element array {source.GetType().Name}"),
        };
    }

    /// <summary>Walks the row-major index in order while tracking the matching column-major index.</summary>
    private static T[] Reorder<T>(T[] source, int[] dims, bool toRowMajor)
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
