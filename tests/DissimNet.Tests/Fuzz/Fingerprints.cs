using System.Text;
using DissimNet.IO;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fingerprints of what a reader returned, so a truncated file's result can be compared with the whole file's.</summary>
internal static class Fingerprints
{
    /// <summary>Every variable of a MAT-file, recursively, with a hash of numeric data.</summary>
    public static string Of(MatFile file)
    {
        var text = new StringBuilder();
        foreach (var name in file.Names) Append(text, name, file[name]);
        return text.ToString();
    }

    static void Append(StringBuilder text, string name, MatValue value)
    {
        text.Append(name).Append('=').Append(value).Append(';');
        switch (value)
        {
            case MatNumeric numeric: text.Append(FuzzRunner.Fingerprint(numeric.Array)).Append(';'); break;
            case MatChar chars: text.Append(chars.ColumnMajorChars.ToString()).Append(';'); break;
            case MatCell cell:
                for (int i = 0; i < cell.Elements.Count; i++) Append(text, $"{name}{{{i}}}", cell.Elements[i]);
                break;
            case MatStruct s:
                for (int i = 0; i < s.Elements.Count; i++)
                    foreach (var field in s.FieldNames) Append(text, $"{name}({i}).{field}", s.Elements[i][field]);
                break;
        }
    }

    /// <summary>Named arrays (an .npz) in order.</summary>
    public static string Of(IEnumerable<KeyValuePair<string, NdArray>> arrays) =>
        string.Join(";", arrays.Select(a => $"{a.Key}={FuzzRunner.Fingerprint(a.Value)}"));

    /// <summary>An inventory, line by line.</summary>
    public static string Of(IEnumerable<InventoryEntry> entries) => string.Join(";", entries);
}
