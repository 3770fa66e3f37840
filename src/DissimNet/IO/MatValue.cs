namespace DissimNet.IO;

/// <summary>One MATLAB value: a numeric, char, cell or struct array with MATLAB's dimensions.</summary>
/// <remarks>Dimensions are in MATLAB's order (at least two, e.g. 1 x 92). Cell and struct elements are kept in
/// MATLAB's column-major element order, so element k is MATLAB's <c>A(k+1)</c>.</remarks>
internal abstract class MatValue
{
    protected MatValue(int[] dimensions)
    {
        Dimensions = dimensions;
        Count = checked((int)NdArray.CheckedCount(dimensions));
    }

    /// <summary>MATLAB dimensions, e.g. [1, 92].</summary>
    public int[] Dimensions { get; }

    /// <summary>Number of elements (product of the dimensions).</summary>
    public int Count { get; }

    /// <summary>MATLAB class name: double, single, int8..uint64, logical, char, cell, struct, or what an unsupported value is.</summary>
    public abstract string ClassName { get; }

    /// <summary>Dimensions written as MATLAB shows them: "1x92".</summary>
    public string DimensionsText => string.Join("x", Dimensions);

    /// <summary>Class and size as MATLAB's whos shows them: "1x92 struct".</summary>
    public override string ToString() => $"{DimensionsText} {ClassName}";
}

/// <summary>A dense numeric or logical MATLAB array; <see cref="Array"/> is row-major with MATLAB's dimensions, so <c>A(i,j,k)</c> is element <c>[i,j,k]</c>.</summary>
internal sealed class MatNumeric : MatValue
{
    public MatNumeric(NdArray array) : base(array.Shape) => Array = array;

    /// <summary>The values, shaped as MATLAB's dimensions.</summary>
    public NdArray Array { get; }

    public override string ClassName => ElementTypes.MatlabName(Array.Type);
}

/// <summary>A MATLAB char array; a 2-D m x n char array is m strings of n characters.</summary>
internal sealed class MatChar : MatValue
{
    private readonly char[] _columnMajor;

    /// <summary>Creates a char array from its characters in MATLAB's column-major order.</summary>
    public MatChar(int[] dimensions, char[] columnMajorChars) : base(dimensions)
    {
        if (columnMajorChars.Length != Count)
            throw new ArgumentException($"{columnMajorChars.Length} characters do not fill dimensions {string.Join("x", dimensions)}");
        _columnMajor = columnMajorChars;
    }

    /// <summary>A 1 x n char array holding <paramref name="text"/> (what MATLAB's 'text' literal is).</summary>
    public static MatChar FromString(string text) => new([1, text.Length], text.ToCharArray());

    /// <summary>The characters in MATLAB's column-major order.</summary>
    public ReadOnlySpan<char> ColumnMajorChars => _columnMajor;

    /// <summary>The rows as strings: dimension 1 indexes rows, all further dimensions run along each row.</summary>
    public IReadOnlyList<string> Rows
    {
        get
        {
            int rows = Dimensions[0];
            if (rows == 0) return [];
            int columns = Count / rows;
            var result = new string[rows];
            var buffer = new char[columns];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++) buffer[c] = _columnMajor[r + rows * c];
                result[r] = new string(buffer);
            }
            return result;
        }
    }

    /// <summary>The text of a single-row char array; rows of a multi-row array joined by newlines.</summary>
    public string Text => string.Join("\n", Rows);

    public override string ClassName => "char";
}

/// <summary>A MATLAB cell array; <see cref="Elements"/> are in column-major order.</summary>
internal sealed class MatCell : MatValue
{
    public MatCell(int[] dimensions, IReadOnlyList<MatValue> elements) : base(dimensions)
    {
        if (elements.Count != Count) throw new ArgumentException($"{elements.Count} cells do not fill dimensions {string.Join("x", dimensions)}");
        Elements = elements;
    }

    /// <summary>The cells in MATLAB's column-major order.</summary>
    public IReadOnlyList<MatValue> Elements { get; }

    public override string ClassName => "cell";
}

/// <summary>A MATLAB struct array: every element has the same named fields.</summary>
internal sealed class MatStruct : MatValue
{
    public MatStruct(int[] dimensions, IReadOnlyList<string> fieldNames, IReadOnlyList<IReadOnlyDictionary<string, MatValue>> elements) : base(dimensions)
    {
        if (elements.Count != Count) throw new ArgumentException($"{elements.Count} struct elements do not fill dimensions {string.Join("x", dimensions)}");
        FieldNames = fieldNames;
        Elements = elements;
    }

    /// <summary>Field names in the order the file stores them.</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>The struct elements in MATLAB's column-major order, each mapping field name to value.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, MatValue>> Elements { get; }

    /// <summary>Whether the struct has a field of this name (case-sensitive, as in MATLAB).</summary>
    public bool HasField(string name) => FieldNames.Contains(name);

    /// <summary>One field's value in every element, in column-major element order.</summary>
    public IReadOnlyList<MatValue> Field(string name)
    {
        if (!HasField(name)) throw new KeyNotFoundException($"struct has no field '{name}'");
        return Elements.Select(e => e[name]).ToArray();
    }

    public override string ClassName => "struct";
}

/// <summary>A value DissimNet can list but not load (sparse, complex, objects, function handles); <see cref="Reason"/> says why.</summary>
internal sealed class MatUnsupported : MatValue
{
    public MatUnsupported(int[] dimensions, string className, string reason) : base(dimensions)
    {
        UnsupportedClass = className;
        Reason = reason;
    }

    /// <summary>What the value is, e.g. "sparse".</summary>
    public string UnsupportedClass { get; }

    /// <summary>Why it cannot be loaded and what to do instead.</summary>
    public string Reason { get; }

    public override string ClassName => UnsupportedClass;
}

/// <summary>A value known only from its array header (class and dimensions), as an inventory reads large compressed arrays.</summary>
internal sealed class MatDescribed(int[] dimensions, string className) : MatValue(dimensions)
{
    public override string ClassName { get; } = className;
}
