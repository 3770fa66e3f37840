using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DissimNet.IO;

/// <summary>Reads MATLAB MAT-file version 5 (also what MATLAB's -v6 and -v7 write): both byte orders, compressed elements, numeric, logical, char, cell and struct arrays.</summary>
internal static partial class Mat5Reader
{
    private const int HeaderLength = 128;
    private const int MaxNesting = 64;
    private const int HeaderPrefixBytes = 4096; // flags, dimensions and name of any real array fit well within
    private const long StructElementBytes = 64; // one element's empty dictionary and its slot, roughly

    /// <summary>Reads every variable; with <paramref name="headersOnly"/>, large compressed numeric and char variables are described
    /// from their array header without inflating their data (for an inventory).</summary>
    public static MatFile Read(byte[] bytes, string fileName, bool headersOnly = false)
    {
        var context = new ReadContext(fileName);
        if (bytes.Length < HeaderLength)
            throw context.Error($"file is truncated: {bytes.Length} bytes, but a MAT-file header alone has {HeaderLength}");
        bool bigEndian = (bytes[126], bytes[127]) switch
        {
            ((byte)'I', (byte)'M') => false,
            ((byte)'M', (byte)'I') => true,
            _ => throw context.Error("not a MAT-file version 5 (no 'IM'/'MI' byte-order mark at offset 126)"),
        };
        var file = new ByteSpanReader(bytes, HeaderLength, bytes.Length, bigEndian, context);
        var variables = new List<KeyValuePair<string, MatValue>>();
        while (file.Remaining >= 8)
        {
            context.Variable = null;
            var (type, length, data, small) = ReadTag(file, "variable");
            if (type == MiType.Compressed && headersOnly && Describe(data, context, bigEndian) is { } described)
                variables.Add(described);
            else if (type == MiType.Compressed && InflateNumeric(data, context, bigEndian) is { } streamed)
                variables.Add(streamed);
            else if (type == MiType.Compressed)
            {
                var inflated = Inflate(data, context, bigEndian);
                var inner = new ByteSpanReader(inflated, 0, inflated.Length, bigEndian, context);
                if (inner.Remaining < 8) throw context.Error("compressed element is empty or truncated");
                var (innerType, _, innerData, _) = ReadTag(inner, "compressed variable");
                if (innerType == MiType.Matrix) variables.Add(ReadVariable(innerData, context));
            }
            else
            {
                if (type == MiType.Matrix) variables.Add(ReadVariable(data, context));
                if (!small) file.Skip(Padding(length, file.Remaining), "padding");
            }
        }
        context.Variable = null;
        if (file.Remaining > 0 && file.ReadBytes(file.Remaining, "trailing bytes").IndexOfAnyExcept((byte)0) >= 0)
            throw context.Error("file is truncated (a data element is cut off at the end)");
        return new MatFile(fileName, "5", variables);
    }

    private static KeyValuePair<string, MatValue> ReadVariable(ByteSpanReader matrix, ReadContext context)
    {
        var (name, value) = ReadMatrix(matrix, depth: 0, topLevel: true);
        return new(name, value);
    }

    /// <summary>Reads a data element tag (regular or small format) and returns a reader over its data.</summary>
    private static (MiType Type, int Length, ByteSpanReader Data, bool Small) ReadTag(ByteSpanReader reader, string what)
    {
        uint first = reader.ReadUInt32(what + " tag");
        if ((first >> 16) != 0)
        {
            // Small data element: type and length share the first word, up to 4 data bytes follow.
            int smallLength = (int)(first >> 16);
            if (smallLength > 4) throw reader.Context.Error($"corrupt small data element (length {smallLength} > 4)");
            var small = reader.Slice(4, what);
            return ((MiType)(first & 0xFFFF), smallLength, new ByteSpanReader(reader.Buffer, small.Position, small.Position + smallLength, reader.BigEndian, reader.Context), true);
        }
        uint length = reader.ReadUInt32(what + " length");
        if (length > reader.Remaining)
            throw reader.Context.Error($"file is truncated or corrupt ({what} claims {length} bytes at offset {reader.Position}, only {reader.Remaining} left)");
        return ((MiType)first, (int)length, reader.Slice(length, what), false);
    }

    private static int Padding(int length, int remaining) => Math.Min((8 - length % 8) % 8, remaining);

    /// <summary>Inflates one compressed element: its first 8 bytes are the inner element's tag, whose length
    /// bounds the rest, so nothing is inflated past what the element declares or past <see cref="ReadLimits"/>.</summary>
    private static byte[] Inflate(ByteSpanReader data, ReadContext context, bool bigEndian)
    {
        try
        {
            using var input = new MemoryStream(data.Buffer, data.Position, data.Remaining, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var tag = BoundedInflate.ReadUpTo(zlib, 8);
            if (tag.Length < 8) return tag;
            uint first = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(tag) : BinaryPrimitives.ReadUInt32LittleEndian(tag);
            uint length = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(tag.AsSpan(4)) : BinaryPrimitives.ReadUInt32LittleEndian(tag.AsSpan(4));
            if ((first >> 16) != 0) return tag; // a small element: all of it is in the tag
            ReadLimits.Check(8L + length, context.ToString(), "a compressed element");
            if (8L + length > Array.MaxLength)
                throw context.Error($"a compressed element declares {ReadLimits.Describe(length)}, more than one array can hold");
            // Inflated straight behind the tag: a variable of hundreds of MB is then held once, not twice while it is copied.
            var whole = new byte[8 + length];
            tag.CopyTo(whole, 0);
            int filled = BoundedInflate.ReadInto(zlib, whole.AsSpan(8));
            return filled == length ? whole : whole[..(8 + filled)];
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // zlib reports some damage as ZLibException, an IOException
        {
            throw context.Error($"compressed data is corrupt ({e.Message})");
        }
    }

    /// <summary>Reads one miMATRIX element's contents (flags, dimensions, name, data).</summary>
    private static (string Name, MatValue Value) ReadMatrix(ByteSpanReader matrix, int depth, bool topLevel)
    {
        var context = matrix.Context;
        if (depth > MaxNesting) throw context.Error($"cells or structs nested deeper than {MaxNesting} levels");
        if (matrix.Remaining == 0) return ("", new MatNumeric(new NdArray([0, 0], Array.Empty<double>())));

        var (matClass, complex, logical, dims, name) = ReadArrayHeader(matrix);
        if (topLevel) context.Variable = name;
        long count = CheckedCount(dims, context);
        if (matClass is >= MxClass.Double and <= MxClass.UInt64)
            ReadLimits.Check(ReadLimits.Bytes(count, 8), context.ToString(), $"array {string.Join("x", dims)}");

        if (complex && matClass is >= MxClass.Double and <= MxClass.UInt64)
            return (name, new MatUnsupported(dims, "complex " + ClassText(matClass), "complex arrays are not supported; save the real part (real(x)) or the magnitude (abs(x))"));

        MatValue value = matClass switch
        {
            >= MxClass.Double and <= MxClass.UInt64 => ReadNumeric(matrix, matClass, logical, dims, count),
            MxClass.Char => ReadChar(matrix, dims, count),
            MxClass.Cell => ReadCell(matrix, dims, count, depth),
            MxClass.Struct => ReadStruct(matrix, dims, count, depth),
            MxClass.Sparse => new MatUnsupported(dims, "sparse", "sparse arrays are not supported; convert it in MATLAB with full(x) and save again"),
            MxClass.Object => new MatUnsupported(dims, "object", "MATLAB objects are not supported; convert it to a struct or numeric array"),
            MxClass.Function => new MatUnsupported(dims, "function_handle", "function handles hold no data"),
            MxClass.Opaque => new MatUnsupported(dims, "opaque", "MATLAB opaque objects (e.g. string, table, datetime) are not supported; convert to char or numeric arrays"),
            _ => new MatUnsupported(dims, $"class {(int)matClass}", $"unknown MATLAB array class {(int)matClass}"),
        };
        return (name, value);
    }

    /// <summary>Reads an array's flags, dimensions and name: everything before its data.</summary>
    private static (MxClass Class, bool Complex, bool Logical, int[] Dims, string Name) ReadArrayHeader(ByteSpanReader matrix)
    {
        var context = matrix.Context;
        var (_, _, flagsData) = ReadSubElement(matrix, "array flags");
        uint flags = flagsData.ReadUInt32("array flags");
        var (dimsType, dimsLength, dimsData) = ReadSubElement(matrix, "dimensions");
        if (dimsType != MiType.Int32 || dimsLength % 4 != 0 || dimsLength < 8)
            throw context.Error("corrupt dimensions element");
        var dims = new int[dimsLength / 4];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = dimsData.ReadInt32("dimension");
            if (dims[i] < 0) throw context.Error($"negative dimension {dims[i]}");
        }
        var (_, _, nameData) = ReadSubElement(matrix, "array name");
        string name = Encoding.ASCII.GetString(nameData.ReadBytes(nameData.Remaining, "array name")).TrimEnd('\0');
        return ((MxClass)(flags & 0xFF), (flags & 0x800) != 0, (flags & 0x200) != 0, dims, name);
    }

    /// <summary>For an inventory: a large compressed numeric or char variable described from its first inflated bytes,
    /// or null when the element is small or holds cells or structs (then it is read whole).</summary>
    private static KeyValuePair<string, MatValue>? Describe(ByteSpanReader data, ReadContext context, bool bigEndian)
    {
        try
        {
            using var input = new MemoryStream(data.Buffer, data.Position, data.Remaining, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var prefix = BoundedInflate.ReadUpTo(zlib, HeaderPrefixBytes);
            if (!BoundedInflate.HasMore(zlib) || prefix.Length < 8) return null;
            var inner = new ByteSpanReader(prefix, 0, prefix.Length, bigEndian, context);
            if ((MiType)inner.ReadUInt32("compressed variable tag") != MiType.Matrix) return null;
            inner.Skip(4, "compressed variable length"); // the data past the prefix is not inflated, so its length is not checked
            var (matClass, complex, logical, dims, name) = ReadArrayHeader(inner);
            context.Variable = name;
            CheckedCount(dims, context);
            if (complex || matClass is not (>= MxClass.Double and <= MxClass.UInt64 or MxClass.Char)) return null;
            string className = logical ? "logical" : matClass == MxClass.Char ? "char" : ClassText(matClass);
            return new(name, new MatDescribed(dims, className));
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // zlib reports some damage as ZLibException, an IOException
        {
            throw context.Error($"compressed data is corrupt ({e.Message})");
        }
    }

    private static (MiType Type, int Length, ByteSpanReader Data) ReadSubElement(ByteSpanReader matrix, string what)
    {
        var (type, length, data, small) = ReadTag(matrix, what);
        if (!small) matrix.Skip(Padding(length, matrix.Remaining), "padding");
        return (type, length, data);
    }

    private static long CheckedCount(int[] dims, ReadContext context)
    {
        long count = 1;
        foreach (int d in dims)
        {
            count *= d;
            if (count > Array.MaxLength)
                throw context.Error($"dimensions {string.Join("x", dims)} hold more elements than DissimNet can load (corrupt file?)");
        }
        return count;
    }

    private static MatNumeric ReadNumeric(ByteSpanReader matrix, MxClass matClass, bool logical, int[] dims, long count)
    {
        var target = logical ? ElementType.Logical : ClassElementType(matClass);
        var (type, length, data) = ReadSubElement(matrix, "real part");
        var stored = StoredElementType(type, matrix.Context);
        long expected = count * ElementTypes.Size(stored);
        if (length != expected)
            throw matrix.Context.Error($"data holds {length} bytes but dimensions {string.Join("x", dims)} of {MiName(type)} need {expected} (file corrupt or truncated)");
        var bytes = data.ReadBytes(length, "real part");
        var rowMajor = ColumnMajor.DecodeToRowMajor(bytes, stored, target, data.BigEndian, dims)
            ?? ColumnMajor.ToRowMajor(RawNumbers.Decode(bytes, stored, data.BigEndian, target), dims);
        return new MatNumeric(new NdArray(dims, rowMajor, target));
    }

    private static MatChar ReadChar(ByteSpanReader matrix, int[] dims, long count)
    {
        if (count == 0 && matrix.Remaining == 0) return new MatChar(dims, []);
        var (type, length, data) = ReadSubElement(matrix, "characters");
        var bytes = data.ReadBytes(length, "characters");
        string text = type switch
        {
            MiType.Utf8 or MiType.UInt8 or MiType.Int8 => Encoding.UTF8.GetString(bytes),
            MiType.Utf16 or MiType.UInt16 or MiType.Int16 => (data.BigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(bytes),
            MiType.Utf32 or MiType.UInt32 or MiType.Int32 => new UTF32Encoding(data.BigEndian, false).GetString(bytes),
            _ => throw matrix.Context.Error($"char array stored as {MiName(type)}, expected UTF-8, UTF-16 or UTF-32 characters"),
        };
        if (text.Length != count)
            throw matrix.Context.Error($"char array has {text.Length} characters but dimensions {string.Join("x", dims)} need {count}");
        return new MatChar(dims, text.ToCharArray());
    }

    private static MatCell ReadCell(ByteSpanReader matrix, int[] dims, long count, int depth)
    {
        if (count * 8 > matrix.Remaining)
            throw matrix.Context.Error($"cell array {string.Join("x", dims)} needs {count} elements but the file has room for fewer (corrupt or truncated)");
        var elements = new MatValue[count];
        for (int i = 0; i < count; i++) elements[i] = ReadNestedMatrix(matrix, depth, "cell element");
        return new MatCell(dims, elements);
    }

    private static MatStruct ReadStruct(ByteSpanReader matrix, int[] dims, long count, int depth)
    {
        var context = matrix.Context;
        var (_, _, lengthData) = ReadSubElement(matrix, "field name length");
        int nameLength = lengthData.ReadInt32("field name length");
        var (_, namesLength, namesData) = ReadSubElement(matrix, "field names");
        if (nameLength <= 0 || namesLength % nameLength != 0)
            throw context.Error($"corrupt struct field names (slot length {nameLength}, {namesLength} bytes)");
        int fieldCount = namesLength / nameLength;
        var names = new string[fieldCount];
        for (int f = 0; f < fieldCount; f++)
        {
            var slot = namesData.ReadBytes(nameLength, "field name");
            int end = slot.IndexOf((byte)0);
            names[f] = Encoding.UTF8.GetString(end < 0 ? slot : slot[..end]);
        }
        if (count * fieldCount * 8 > matrix.Remaining)
            throw context.Error($"struct array {string.Join("x", dims)} with {fieldCount} fields needs more data than the file holds (corrupt or truncated)");
        // With no fields the file holds nothing per element, so only the limit bounds the elements' memory.
        ReadLimits.Check(ReadLimits.Bytes(count, StructElementBytes), context.ToString(), $"struct array {string.Join("x", dims)}");
        if (fieldCount == 0) return new MatStruct(dims, names, new FieldlessElements((int)count)); // nothing per element: one shared empty element
        var elements = new IReadOnlyDictionary<string, MatValue>[count];
        for (int i = 0; i < count; i++)
        {
            var element = new Dictionary<string, MatValue>(fieldCount);
            foreach (var field in names) element[field] = ReadNestedMatrix(matrix, depth, $"field '{field}'");
            elements[i] = element;
        }
        return new MatStruct(dims, names, elements);
    }

    /// <summary>The elements of a struct array without fields: each is the same empty element, so a file of a few bytes
    /// declaring millions of them (a memory bomb under the read limit) takes no memory per element.</summary>
    private sealed class FieldlessElements(int count) : IReadOnlyList<IReadOnlyDictionary<string, MatValue>>
    {
        private static readonly IReadOnlyDictionary<string, MatValue> Empty = new Dictionary<string, MatValue>();

        public int Count => count;

        public IReadOnlyDictionary<string, MatValue> this[int index] =>
            (uint)index < (uint)count ? Empty : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<IReadOnlyDictionary<string, MatValue>> GetEnumerator() => Enumerable.Repeat(Empty, count).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static MatValue ReadNestedMatrix(ByteSpanReader matrix, int depth, string what)
    {
        var (type, _, data) = ReadSubElement(matrix, what);
        if (type != MiType.Matrix) throw matrix.Context.Error($"corrupt {what}: expected a matrix element, found {MiName(type)}");
        return ReadMatrix(data, depth + 1, topLevel: false).Value;
    }

    private static ElementType ClassElementType(MxClass c) => c switch
    {
        MxClass.Double => ElementType.Double,
        MxClass.Single => ElementType.Single,
        MxClass.Int8 => ElementType.Int8,
        MxClass.UInt8 => ElementType.UInt8,
        MxClass.Int16 => ElementType.Int16,
        MxClass.UInt16 => ElementType.UInt16,
        MxClass.Int32 => ElementType.Int32,
        MxClass.UInt32 => ElementType.UInt32,
        MxClass.Int64 => ElementType.Int64,
        MxClass.UInt64 => ElementType.UInt64,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    private static ElementType StoredElementType(MiType t, ReadContext context) => t switch
    {
        MiType.Int8 => ElementType.Int8,
        MiType.UInt8 => ElementType.UInt8,
        MiType.Int16 => ElementType.Int16,
        MiType.UInt16 => ElementType.UInt16,
        MiType.Int32 => ElementType.Int32,
        MiType.UInt32 => ElementType.UInt32,
        MiType.Single => ElementType.Single,
        MiType.Double => ElementType.Double,
        MiType.Int64 => ElementType.Int64,
        MiType.UInt64 => ElementType.UInt64,
        _ => throw context.Error($"numeric data stored as {MiName(t)}, which is not a number type"),
    };

    private static string ClassText(MxClass c) => ElementTypes.MatlabName(ClassElementType(c));

    private static string MiName(MiType t) => Enum.IsDefined(t) ? "mi" + t.ToString().ToUpperInvariant() : $"data type {(int)t}";
}

/// <summary>MAT v5 data element types (miINT8 ... miUTF32).</summary>
internal enum MiType
{
    Int8 = 1, UInt8 = 2, Int16 = 3, UInt16 = 4, Int32 = 5, UInt32 = 6, Single = 7, Double = 9,
    Int64 = 12, UInt64 = 13, Matrix = 14, Compressed = 15, Utf8 = 16, Utf16 = 17, Utf32 = 18,
}

/// <summary>MAT v5 array classes (mxCELL_CLASS ... mxUINT64_CLASS).</summary>
internal enum MxClass
{
    Cell = 1, Struct = 2, Object = 3, Char = 4, Sparse = 5, Double = 6, Single = 7, Int8 = 8, UInt8 = 9,
    Int16 = 10, UInt16 = 11, Int32 = 12, UInt32 = 13, Int64 = 14, UInt64 = 15, Function = 16, Opaque = 17,
}
