namespace DissimNet.IO;

/// <summary>Follows a variable path such as <c>RDMs.RDM</c> into a MAT file and turns what it finds into an array or strings.</summary>
/// <remarks>A field of a struct array is gathered from every element in MATLAB's column-major element order and
/// stacked along a new first axis; each element's singleton dimensions are dropped first, so a 1x2 struct whose
/// field holds 1x4186 rows becomes 2 x 4186. A field of a 1x1 struct is returned as it is. A cell array of
/// same-shaped numeric arrays is stacked the same way.</remarks>
internal static class MatSelection
{
    /// <summary>The values at <paramref name="variablePath"/>; <c>Gathered</c> is true when a struct array contributed several elements.</summary>
    public static (IReadOnlyList<MatValue> Values, bool Gathered) Select(MatFile file, string variablePath)
    {
        var segments = variablePath.Split('.');
        if (segments.Any(s => s.Length == 0))
            throw new DissimNetException($"{file.Path}: '{variablePath}' is not a valid variable path (expected name or name.field.subfield)");
        IReadOnlyList<MatValue> values = [file[segments[0]]];
        bool gathered = false;
        for (int s = 1; s < segments.Length; s++)
        {
            string parent = string.Join('.', segments[..s]);
            var next = new List<MatValue>();
            foreach (var value in values)
            {
                if (value is not MatStruct structure)
                    throw new DissimNetException($"{file.Path}: variable '{parent}' is a {value} array, not a struct, so it has no field '{segments[s]}'");
                if (!structure.HasField(segments[s]))
                    throw new DissimNetException($"{file.Path}: variable '{parent}' has no field '{segments[s]}' (fields: {string.Join(", ", structure.FieldNames)})");
                if (structure.Count != 1) gathered = true;
                next.AddRange(structure.Field(segments[s]));
            }
            if (next.Count == 0)
                throw new DissimNetException($"{file.Path}: variable '{parent}' is an empty struct array, so field '{segments[s]}' holds no values");
            values = next;
        }
        return (values, gathered);
    }

    /// <summary>The numeric array at the path, stacking gathered elements.</summary>
    public static NdArray ToArray(MatFile file, string variablePath)
    {
        var (values, gathered) = Select(file, variablePath);
        string where = $"{file.Path}: variable '{variablePath}'";
        if (!gathered)
        {
            return values[0] switch
            {
                MatNumeric numeric => numeric.Array,
                MatCell cell when cell.Count > 0 => Stack(cell.Elements, where),
                var other => throw NotNumeric(other, where),
            };
        }
        return Stack(values, where);
    }

    /// <summary>The text at the path: one string per char row, cell element or gathered struct element.</summary>
    public static IReadOnlyList<string> ToStrings(MatFile file, string variablePath)
    {
        var (values, gathered) = Select(file, variablePath);
        string where = $"{file.Path}: variable '{variablePath}'";
        if (!gathered)
        {
            return values[0] switch
            {
                MatChar text => text.Dimensions[0] == 1 ? [text.Text] : text.Rows.Select(r => r.TrimEnd(' ')).ToArray(),
                MatCell cell => cell.Elements.Select((v, i) => SingleString(v, $"{where}, cell {i + 1}")).ToArray(),
                var other => throw new DissimNetException($"{where} is a {other} array, expected text (char or cell of char)"),
            };
        }
        return values.Select((v, i) => SingleString(v, $"{where}, element {i + 1}")).ToArray();
    }

    private static string SingleString(MatValue value, string where) => value switch
    {
        MatChar text when text.Count == 0 || text.Dimensions[0] == 1 => text.Text,
        MatChar text => throw new DissimNetException($"{where} is a {text} array with several rows, expected one string"),
        var other => throw new DissimNetException($"{where} is a {other} array, expected text (char)"),
    };

    private static DissimNetException NotNumeric(MatValue value, string where) => value switch
    {
        MatUnsupported unsupported => new DissimNetException($"{where} is a {unsupported} array: {unsupported.Reason}"),
        MatChar => new DissimNetException($"{where} is text ({value} array), expected a numeric array (load it as strings instead)"),
        MatStruct structure => new DissimNetException($"{where} is a {value} array, expected a numeric array; pick a field with '{where.Split('\'')[1]}.FIELD' (fields: {string.Join(", ", structure.FieldNames)})"),
        _ => new DissimNetException($"{where} is a {value} array, expected a numeric array"),
    };

    /// <summary>Stacks numeric values along a new first axis after dropping each one's singleton dimensions.</summary>
    private static NdArray Stack(IReadOnlyList<MatValue> values, string where)
    {
        var arrays = new NdArray[values.Count];
        for (int i = 0; i < values.Count; i++)
            arrays[i] = values[i] is MatNumeric numeric ? numeric.Array : throw NotNumeric(values[i], $"{where}, element {i + 1}");
        var elementShape = arrays[0].Shape.Where(d => d != 1).ToArray();
        for (int i = 1; i < arrays.Length; i++)
        {
            var shape = arrays[i].Shape.Where(d => d != 1).ToArray();
            if (!shape.SequenceEqual(elementShape))
                throw new DissimNetException($"{where}: element {i + 1} is {arrays[i].ShapeText} but element 1 is {arrays[0].ShapeText}; only equally sized elements can be stacked");
        }
        var type = arrays.All(a => a.Type == arrays[0].Type) ? arrays[0].Type : ElementType.Double;
        int elementCount = arrays[0].Count;
        var data = ElementTypes.NewArray(type, checked(elementCount * arrays.Length));
        for (int i = 0; i < arrays.Length; i++)
            Array.Copy(RawNumbers.Convert(arrays[i].Data, type), 0, data, i * elementCount, elementCount);
        return new NdArray([arrays.Length, .. elementShape], data, type);
    }
}
