using PureHDF;
using PureHDF.VOL.Native;

namespace DissimNet.IO;

/// <summary>Reads MATLAB MAT-file version 7.3: an HDF5 file (after a 512-byte MATLAB header) read with PureHDF.</summary>
/// <remarks>MATLAB stores each array column-major, so HDF5 sees the dimensions reversed (a 15x20x12x12 array has
/// HDF5 dimensions 12x12x20x15). The MATLAB_class attribute says what a dataset holds; cells are datasets of object
/// references into the hidden #refs# group, scalar structs are groups, struct arrays are groups of reference datasets.</remarks>
internal static class Mat73Reader
{
    private const int MaxNesting = 64;
    private const int DescribedCharLimit = 4096; // an inventory shows short texts; longer ones are only described
    private static readonly HashSet<string> NumericClasses =
        ["double", "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "logical"];

    /// <summary>Reads every variable; with <paramref name="headersOnly"/> (for an inventory), numeric datasets and long
    /// char datasets are described from their dataspace and attributes without reading their data.</summary>
    public static MatFile Read(string path, bool headersOnly = false)
    {
        var context = new ReadContext(path) { HeadersOnly = headersOnly };
        Hdf5Superblock.Check(path, path, "a MAT-file version 7.3 (HDF5)");
        Hdf5LinkCheck.Check(path, path);
        try
        {
            using var file = H5File.OpenRead(path);
            var variables = new List<KeyValuePair<string, MatValue>>();
            foreach (var child in file.Children())
            {
                if (child.Name.StartsWith('#')) continue; // #refs# and #subsystem# are MATLAB's internal groups
                context.Variable = child.Name;
                variables.Add(new(child.Name, ReadObject(file, child, context, 0)));
            }
            return new MatFile(path, "7.3", variables);
        }
        catch (DissimNetException)
        {
            throw;
        }
        catch (Exception e)
        {
            // PureHDF reports corrupt or truncated files with assorted exception types; all mean the same to a user. That
            // includes OutOfMemoryException: every array read is checked against ReadLimits first, so PureHDF asking for
            // an impossible array ("Array dimensions exceeded supported range") means a damaged size in the file.
            throw new DissimNetException($"{context}: not a readable MAT-file version 7.3 (HDF5) file: it is truncated or corrupt ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static MatValue ReadObject(NativeFile file, IH5Object item, ReadContext context, int depth)
    {
        if (depth > MaxNesting) throw context.Error($"cells or structs nested deeper than {MaxNesting} levels");
        string? matlabClass = StringAttribute(item, "MATLAB_class");
        if (item is IH5Group group)
        {
            if (group.AttributeExists("MATLAB_sparse"))
                return new MatUnsupported([0, 0], "sparse", "sparse arrays are not supported; convert it in MATLAB with full(x) and save again");
            if (matlabClass is not null && matlabClass != "struct")
                return new MatUnsupported([1, 1], matlabClass, $"MATLAB objects of class '{matlabClass}' are not supported; convert it to a struct or numeric array");
            return ReadStruct(file, group, context, depth);
        }
        if (item is not IH5Dataset dataset)
            return new MatUnsupported([1, 1], "unknown", "this HDF5 object is neither a dataset nor a group");

        var dims = MatlabDimensions(dataset.Space.Dimensions, context);
        if (IntAttribute(dataset, "MATLAB_empty") != 0)
            return Empty(matlabClass);
        if (context.HeadersOnly && dataset.Type.Class is H5DataTypeClass.FixedPoint or H5DataTypeClass.FloatingPoint
            && (matlabClass is null || NumericClasses.Contains(matlabClass) || matlabClass == "char" && NdArray.CheckedCount(dims) > DescribedCharLimit))
            return new MatDescribed(dims, matlabClass ?? ElementTypes.MatlabName(StoredType(dataset.Type, context)));
        // Checked before reading: a chunked dataset with a fill value declares any size in a tiny file.
        context.Declare(ReadLimits.Bytes(NdArray.CheckedCount(dims), 8), $"dataset {string.Join("x", dims)}");
        if (dataset.Type.Class == H5DataTypeClass.Reference)
        {
            if (matlabClass is not (null or "cell"))
                return new MatUnsupported(dims, matlabClass, $"MATLAB class '{matlabClass}' is not supported");
            var targets = dataset.Read<NativeObjectReference1[]>().Select(r => file.Get(r)).ToArray();
            // Checked before reading any element: references can name one large dataset many times.
            ReadLimits.Check(DeclaredBytes(targets), context.ToString(), $"a cell of {targets.Length} arrays");
            var elements = targets // HDF5 order is MATLAB's column-major element order
                .Select(target => ReadObject(file, target, context, depth + 1)).ToArray();
            return new MatCell(dims, elements);
        }
        if (dataset.Type.Class == H5DataTypeClass.Compound)
            return new MatUnsupported(dims, "complex " + (matlabClass ?? "double"), "complex arrays are not supported; save the real part (real(x)) or the magnitude (abs(x))");
        if (dataset.Type.Class is not (H5DataTypeClass.FixedPoint or H5DataTypeClass.FloatingPoint))
            return new MatUnsupported(dims, matlabClass ?? dataset.Type.Class.ToString(), $"HDF5 data of class {dataset.Type.Class} is not supported");

        var stored = StoredType(dataset.Type, context);
        var columnMajor = ReadNumbers(dataset, stored);
        if (columnMajor.Length != NdArray.CheckedCount(dims))
            throw context.Error($"dataset holds {columnMajor.Length} values but dimensions {string.Join("x", dims)} need {NdArray.CheckedCount(dims)}");
        if (matlabClass == "char")
        {
            var chars = RawNumbers.Convert(columnMajor, ElementType.UInt16);
            return new MatChar(dims, ((ushort[])chars).Select(c => (char)c).ToArray());
        }
        var target = matlabClass switch
        {
            null => stored,
            "double" => ElementType.Double,
            "single" => ElementType.Single,
            "int8" => ElementType.Int8,
            "uint8" => ElementType.UInt8,
            "int16" => ElementType.Int16,
            "uint16" => ElementType.UInt16,
            "int32" => ElementType.Int32,
            "uint32" => ElementType.UInt32,
            "int64" => ElementType.Int64,
            "uint64" => ElementType.UInt64,
            "logical" => ElementType.Logical,
            _ => (ElementType?)null,
        };
        if (target is null)
            return new MatUnsupported(dims, matlabClass!, $"MATLAB class '{matlabClass}' is not supported");
        var data = RawNumbers.Convert(columnMajor, target.Value);
        return new MatNumeric(new NdArray(dims, ColumnMajor.ToRowMajor(data, dims), target.Value));
    }

    private static MatStruct ReadStruct(NativeFile file, IH5Group group, ReadContext context, int depth)
    {
        var fields = group.Children().ToArray();
        var names = fields.Select(f => f.Name).ToArray();
        // A struct array stores each field as a dataset of references (one per element); a scalar struct stores values.
        bool isArray = fields.Length > 0 && fields.All(f => f is IH5Dataset d && d.Type.Class == H5DataTypeClass.Reference && StringAttribute(d, "MATLAB_class") is null);
        if (!isArray)
        {
            var element = new Dictionary<string, MatValue>();
            foreach (var field in fields) element[field.Name] = ReadObject(file, field, context, depth + 1);
            return new MatStruct([1, 1], names, [element]);
        }
        var firstDims = MatlabDimensions(((IH5Dataset)fields[0]).Space.Dimensions, context);
        var perField = fields.Select(f => ((IH5Dataset)f).Read<NativeObjectReference1[]>()).ToArray();
        int count = perField[0].Length;
        if (perField.Any(p => p.Length != count))
            throw context.Error("struct array fields hold different numbers of elements (corrupt file)");
        var elements = new IReadOnlyDictionary<string, MatValue>[count];
        for (int i = 0; i < count; i++)
        {
            var element = new Dictionary<string, MatValue>();
            for (int f = 0; f < fields.Length; f++) element[names[f]] = ReadObject(file, file.Get(perField[f][i]), context, depth + 1);
            elements[i] = element;
        }
        return new MatStruct(firstDims, names, elements);
    }

    /// <summary>The bytes the datasets among <paramref name="items"/> declare (8 per element), or -1 past a 64-bit count.</summary>
    private static long DeclaredBytes(IEnumerable<IH5Object> items)
    {
        long total = 0;
        foreach (var item in items)
        {
            if (item is not IH5Dataset dataset) continue;
            long count = 1;
            foreach (var d in dataset.Space.Dimensions)
                count = d > (ulong)long.MaxValue || count < 0 ? -1 : ReadLimits.Bytes(count, (long)d);
            long bytes = count < 0 ? -1 : ReadLimits.Bytes(count, 8);
            if (bytes < 0 || bytes > long.MaxValue - total) return -1;
            total += bytes;
        }
        return total;
    }

    /// <summary>MATLAB dimensions are the HDF5 dimensions reversed; MATLAB arrays have at least two.</summary>
    private static int[] MatlabDimensions(ulong[] hdf5Dims, ReadContext context)
    {
        var dims = hdf5Dims.Reverse().Select(d => d > int.MaxValue
            ? throw context.Error($"dimension {d} is too large to load")
            : (int)d).ToList();
        while (dims.Count < 2) dims.Add(1);
        long count = 1;
        foreach (var d in dims)
        {
            count *= d;
            if (count > Array.MaxLength) throw context.Error($"dimensions {string.Join("x", dims)} hold more elements than DissimNet can load");
        }
        return dims.ToArray();
    }

    private static MatValue Empty(string? matlabClass) => matlabClass switch
    {
        "char" => new MatChar([0, 0], []),
        "cell" => new MatCell([0, 0], []),
        "struct" => new MatStruct([0, 0], [], []),
        _ => new MatNumeric(new NdArray([0, 0], Array.Empty<double>())),
    };

    private static ElementType StoredType(IH5DataType type, ReadContext context)
    {
        if (type.Class == H5DataTypeClass.FloatingPoint)
            return type.Size switch
            {
                8 => ElementType.Double,
                4 => ElementType.Single,
                _ => throw context.Error($"{type.Size * 8}-bit floating point data is not supported"),
            };
        bool signed = type.FixedPoint.IsSigned;
        return type.Size switch
        {
            1 => signed ? ElementType.Int8 : ElementType.UInt8,
            2 => signed ? ElementType.Int16 : ElementType.UInt16,
            4 => signed ? ElementType.Int32 : ElementType.UInt32,
            8 => signed ? ElementType.Int64 : ElementType.UInt64,
            _ => throw context.Error($"{type.Size * 8}-bit integer data is not supported"),
        };
    }

    private static Array ReadNumbers(IH5Dataset dataset, ElementType stored) => stored switch
    {
        ElementType.Double => dataset.Read<double[]>(),
        ElementType.Single => dataset.Read<float[]>(),
        ElementType.Int8 => dataset.Read<sbyte[]>(),
        ElementType.UInt8 => dataset.Read<byte[]>(),
        ElementType.Int16 => dataset.Read<short[]>(),
        ElementType.UInt16 => dataset.Read<ushort[]>(),
        ElementType.Int32 => dataset.Read<int[]>(),
        ElementType.UInt32 => dataset.Read<uint[]>(),
        ElementType.Int64 => dataset.Read<long[]>(),
        _ => dataset.Read<ulong[]>(),
    };

    private static string? StringAttribute(IH5Object item, string name) =>
        item.AttributeExists(name) ? item.Attribute(name).Read<string>() : null;

    private static long IntAttribute(IH5Object item, string name)
    {
        if (!item.AttributeExists(name)) return 0;
        var attribute = item.Attribute(name);
        return attribute.Type.Size switch
        {
            1 => attribute.Read<byte>(),
            2 => attribute.Read<ushort>(),
            4 => attribute.Read<uint>(),
            _ => (long)attribute.Read<ulong>(),
        };
    }
}
