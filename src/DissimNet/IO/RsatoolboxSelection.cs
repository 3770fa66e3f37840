namespace DissimNet.IO;

/// <summary>Picks RDMs of an rsatoolbox file by their descriptors: <c>file.hdf5?subject=subject1&amp;session=1,2</c>.</summary>
/// <remarks>Conditions joined by '&amp;' must all hold; values joined by ',' are alternatives. Values compare as text.</remarks>
internal static class RsatoolboxSelection
{
    /// <summary>Splits <c>file?name=value&amp;...</c> into the file and its conditions; a path naming an existing file is taken whole.</summary>
    public static (string File, IReadOnlyList<KeyValuePair<string, string[]>> Conditions) Split(string path)
    {
        int mark = path.IndexOf('?');
        if (mark < 0 || File.Exists(path)) return (path, []);
        string file = path[..mark];
        var conditions = new List<KeyValuePair<string, string[]>>();
        foreach (var part in path[(mark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=');
            if (equals <= 0)
                throw new DissimNetException($"{file}: cannot read the selection '{part}'; expected descriptor=value, e.g. {file}?subject=subject1");
            conditions.Add(new(part[..equals].Trim(), part[(equals + 1)..].Split(',').Select(v => v.Trim()).ToArray()));
        }
        return (file, conditions);
    }

    /// <summary>The RDMs whose descriptors meet every condition; a clear error when a descriptor is unknown or nothing matches.</summary>
    public static RsatoolboxRdms Apply(RsatoolboxRdms rdms, IReadOnlyList<KeyValuePair<string, string[]>> conditions, string file)
    {
        if (conditions.Count == 0) return rdms;
        var rows = Enumerable.Range(0, rdms.RdmCount).ToList();
        foreach (var (name, values) in conditions)
        {
            var column = rdms.RdmDescriptors.FirstOrDefault(c => c.Name == name)
                ?? throw new DissimNetException($"{file}: no RDM descriptor '{name}' (descriptors: {string.Join(", ", rdms.RdmDescriptors.Select(c => c.Name))})");
            var kept = rows.Where(r => values.Contains(column.Text(r), StringComparer.Ordinal)).ToList();
            if (kept.Count == 0)
                throw new DissimNetException($"{file}: no RDM has {name} = {string.Join(" or ", values)} (values: {string.Join(", ", Distinct(column))})");
            rows = kept;
        }
        return rdms.Select(rows);
    }

    /// <summary>The distinct values of a descriptor in order of first appearance.</summary>
    public static IReadOnlyList<string> Distinct(DescriptorColumn column) =>
        Enumerable.Range(0, column.Count).Select(column.Text).Distinct(StringComparer.Ordinal).ToList();
}
