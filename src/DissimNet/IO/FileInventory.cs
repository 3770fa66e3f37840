namespace DissimNet.IO;

/// <summary>One line of a file's inventory: a variable or struct field, its class and dimensions.</summary>
/// <param name="Spec">The name to use after ':' in a data spec, e.g. "RDMs.RDM".</param>
/// <param name="Class">MATLAB class or NumPy-style type name; "mixed" when a struct array's elements differ.</param>
/// <param name="Dimensions">Dimensions as MATLAB shows them ("92x92"), or the distinct sizes when elements differ.</param>
/// <param name="Depth">0 for variables, 1 for their fields, and so on.</param>
/// <param name="Note">For fields of struct arrays: how many elements hold the field, so a user sees what gets stacked.</param>
internal sealed record InventoryEntry(string Spec, string Class, string Dimensions, int Depth, string? Note);

/// <summary>Lists what a data file holds (every variable, and every field of structs, recursively), for <c>dissimnet inspect</c>.</summary>
internal static class FileInventory
{
    /// <summary>The inventory of a .mat, .npz, .npy, .csv or rsatoolbox .hdf5 file.</summary>
    public static IReadOnlyList<InventoryEntry> Describe(string path)
    {
        var entries = new List<InventoryEntry>();
        switch (DataSpec.FormatOf(path))
        {
            case FileFormat.Mat:
                var mat = MatReader.Describe(path);
                foreach (var name in mat.Names) Add(entries, name, [mat[name]], 0);
                break;
            case FileFormat.Npz:
                // Headers only: an inventory describes arrays, so it need not inflate them.
                foreach (var (name, npy) in Npz.ReadHeaders(path)) entries.Add(Describe(name, npy.Type, npy.Shape));
                break;
            case FileFormat.Npy:
                var npyHeader = Npy.ReadHeader(path); // headers only, as for .npz members
                entries.Add(Describe(Path.GetFileName(path), npyHeader.Type, npyHeader.Shape));
                break;
            case FileFormat.Hdf5:
                entries.AddRange(RsatoolboxInventory.Describe(RsatoolboxFile.Read(path)));
                break;
            default:
                var (matrix, header) = CsvMatrix.ReadWithHeader(path);
                entries.Add(Describe(Path.GetFileName(path), matrix) with { Note = header is null ? "no header row" : $"header: {string.Join(", ", header)}" });
                break;
        }
        return entries;
    }

    private static InventoryEntry Describe(string name, NdArray array) => Describe(name, array.Type, array.Shape);

    private static InventoryEntry Describe(string name, ElementType type, IReadOnlyList<int> shape) =>
        new(name, ElementTypes.MatlabName(type), shape.Count == 0 ? "scalar" : string.Join("x", shape), 0, null);

    /// <summary>Adds one entry for values gathered from every element of the enclosing struct arrays, then their fields.</summary>
    private static void Add(List<InventoryEntry> entries, string spec, IReadOnlyList<MatValue> values, int depth)
    {
        var classes = values.Select(v => v.ClassName).Distinct().ToArray();
        var sizes = values.Select(v => v.DimensionsText).Distinct().ToArray();
        string? note = values.Count > 1 ? $"in each of {values.Count} elements" : null;
        if (values.Count == 1 && values[0] is MatUnsupported unsupported) note = "cannot be loaded: " + unsupported.Reason;
        if (values.Count == 1 && values[0] is MatChar text && text.Dimensions[0] == 1) note = $"'{Shorten(text.Text)}'";
        entries.Add(new InventoryEntry(spec, classes.Length == 1 ? classes[0] : "mixed", sizes.Length <= 3 ? string.Join(", ", sizes) : $"{sizes.Length} sizes", depth, note));

        var structs = values.OfType<MatStruct>().ToArray();
        if (structs.Length == 0) return;
        foreach (var field in structs.SelectMany(s => s.FieldNames).Distinct())
            Add(entries, $"{spec}.{field}", structs.Where(s => s.HasField(field)).SelectMany(s => s.Field(field)).ToArray(), depth + 1);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
