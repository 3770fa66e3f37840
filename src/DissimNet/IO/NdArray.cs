namespace DissimNet.IO;

/// <summary>The element type of an <see cref="NdArray"/>, named as MATLAB and NumPy name them.</summary>
public enum ElementType { Double, Single, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Logical }

/// <summary>A dense n-dimensional numeric array in row-major (C) order.</summary>
/// <remarks>
/// MATLAB's <c>A(i,j,k)</c> is element <c>[i,j,k]</c> here (readers transpose MATLAB's column-major
/// storage); NumPy's <c>a[i,j,k]</c> is element <c>[i,j,k]</c>. <see cref="Data"/> is a typed .NET array
/// (double[], float[], sbyte[], byte[], short[], ushort[], int[], uint[], long[], ulong[], bool[]).
/// </remarks>
public sealed class NdArray
{
    /// <summary>Creates an array; the data length must equal the product of the shape.</summary>
    public NdArray(int[] shape, Array data, ElementType type)
    {
        long count = CheckedCount(shape);
        if (data.Length != count)
            throw new ArgumentException($"data has {data.Length} elements but shape [{string.Join(", ", shape)}] needs {count}");
        if (ElementTypes.Of(data) != type)
            throw new ArgumentException($"a {data.GetType().Name} cannot hold {type} elements");
        Shape = shape;
        Data = data;
        Type = type;
    }

    /// <summary>Creates a double array.</summary>
    public NdArray(int[] shape, double[] data) : this(shape, data, ElementType.Double) { }

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Elements in row-major order, in their stored type.</summary>
    public Array Data { get; }

    /// <summary>The stored element type.</summary>
    public ElementType Type { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements.</summary>
    public int Count => Data.Length;

    /// <summary>Shape written as "8 x 92 x 92".</summary>
    public string ShapeText => Shape.Length == 0 ? "scalar" : string.Join(" x ", Shape);

    /// <summary>Element at a flat row-major index, converted to double.</summary>
    /// <remarks>Dispatches on <see cref="Type"/>, not on patterns like <c>Data is sbyte[]</c>: the runtime lets a
    /// byte[] pass as sbyte[] (and ushort[] as short[], ...), so such patterns misread unsigned data.</remarks>
    public double GetDouble(int flatIndex) => Type switch
    {
        ElementType.Double => ((double[])Data)[flatIndex],
        ElementType.Single => ((float[])Data)[flatIndex],
        ElementType.Int8 => ((sbyte[])Data)[flatIndex],
        ElementType.UInt8 => ((byte[])Data)[flatIndex],
        ElementType.Int16 => ((short[])Data)[flatIndex],
        ElementType.UInt16 => ((ushort[])Data)[flatIndex],
        ElementType.Int32 => ((int[])Data)[flatIndex],
        ElementType.UInt32 => ((uint[])Data)[flatIndex],
        ElementType.Int64 => ((long[])Data)[flatIndex],
        ElementType.UInt64 => ((ulong[])Data)[flatIndex],
        ElementType.Logical => ((bool[])Data)[flatIndex] ? 1 : 0,
        _ => throw new InvalidOperationException($"unsupported element type {Type}"),
    };

    /// <summary>All elements as doubles (a copy unless already double).</summary>
    public double[] ToDoubleArray()
    {
        if (Data is double[] d) return d;
        var result = new double[Count];
        for (int i = 0; i < result.Length; i++) result[i] = GetDouble(i);
        return result;
    }

    /// <summary>The same data seen with another shape of equal element count.</summary>
    public NdArray Reshape(params int[] shape) => new(shape, Data, Type);

    /// <summary>Element count of a shape, failing clearly on negative dimensions or overflow.</summary>
    public static long CheckedCount(IReadOnlyList<int> shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0) throw new ArgumentException($"negative dimension {dim}");
            count *= dim;
            if (count > Array.MaxLength) throw new ArgumentException($"dimensions [{string.Join(", ", shape)}] hold more elements than an array can");
        }
        return count;
    }
}
