using PureHDF;

namespace DissimNet.Tests.IO;

/// <summary>The structure of an HDF5 file as comparable lines: every group, dataset and attribute with its type class and shape.</summary>
internal static class Hdf5Layout
{
    public static List<string> Of(string path)
    {
        using var file = H5File.OpenRead(path);
        var lines = new List<string>();
        Walk(file, "", lines);
        return lines;
    }

    /// <summary>An attribute line with fixed- and variable-length strings both called text.</summary>
    public static string AsText(string line) => line.Replace(" VariableLength", " text").Replace(" String", " text");

    static void Walk(IH5Group group, string prefix, List<string> lines)
    {
        foreach (var attribute in group.Attributes().OrderBy(a => a.Name, StringComparer.Ordinal))
            lines.Add($"@{prefix}{attribute.Name} {TypeOf(attribute.Type)} [{string.Join(",", attribute.Space.Dimensions)}]");
        foreach (var child in group.Children().OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (child is IH5Group sub)
            {
                lines.Add($"{prefix}{child.Name} group");
                Walk(sub, $"{prefix}{child.Name}/", lines);
            }
            else if (child is IH5Dataset dataset)
                lines.Add($"{prefix}{child.Name} dataset {TypeOf(dataset.Type)} [{string.Join(",", dataset.Space.Dimensions)}]");
        }
    }

    // Strings are named by class only: their width follows their content.
    static string TypeOf(IH5DataType type) => type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength
        ? type.Class.ToString()
        : $"{type.Class}{type.Size}";
}
