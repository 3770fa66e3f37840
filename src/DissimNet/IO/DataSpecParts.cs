using System.Globalization;
using System.Text.RegularExpressions;

namespace DissimNet.IO;

/// <summary>The parts of a data-spec string: the file or folder path, the variable path inside the file, and a trailing <c>[k]</c>.</summary>
/// <param name="Path">The file or folder, e.g. <c>92_brainRDMs.mat</c>.</param>
/// <param name="Variable">The variable and field path after the last ':', e.g. <c>RDMs.RDM</c>; null when the spec names a whole file.</param>
/// <param name="Index">The 0-based item of a stack picked by a trailing <c>[k]</c>; only <see cref="ParseIndexed"/> reads one.</param>
/// <remarks>A spec naming an existing file or folder is taken whole, so names containing ':' or '[k]' still work. Otherwise the
/// path and variable split at the last ':' when the part before it is an existing file or the part after it looks like a
/// variable path (<c>name.field.subfield</c>), so a Windows path such as <c>C:\data\rdms.npy</c> stays one path.</remarks>
public sealed partial record DataSpecParts(string Path, string? Variable, int? Index)
{
    /// <summary>Splits a spec into path and variable; a trailing <c>[k]</c> stays part of the text (only RDM stacks take an index).</summary>
    public static DataSpecParts Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new DissimNetException("empty data spec (expected file.mat:variable, file.npz:name, file.npy or file.csv)");
        if (File.Exists(spec) || Directory.Exists(spec)) return new DataSpecParts(spec, null, null);
        int colon = spec.LastIndexOf(':');
        if (colon > 0)
        {
            string path = spec[..colon], variable = spec[(colon + 1)..];
            if (File.Exists(path) || VariablePattern().IsMatch(variable))
            {
                if (variable.Length == 0) throw new DissimNetException($"{path}: empty variable name after ':'");
                return new DataSpecParts(path, variable, null);
            }
        }
        return new DataSpecParts(spec, null, null);
    }

    /// <summary>Like <see cref="Parse"/>, but first takes a trailing <c>[k]</c> (e.g. <c>92_brainRDMs.mat:RDMs.RDM[3]</c>) as <see cref="Index"/>,
    /// unless the whole spec is an existing file.</summary>
    public static DataSpecParts ParseIndexed(string spec)
    {
        var match = TrailingIndex().Match(spec);
        if (!match.Success || File.Exists(spec)) return Parse(spec);
        var parts = Parse(spec[..match.Index]);
        // Digits beyond int's range are still an index (too large for any stack), not part of the file's extension.
        if (!int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            throw new DissimNetException($"{parts.Address}: index [{match.Groups[1].Value}] is too large for any stack (indices count from 0)");
        return parts with { Index = index };
    }

    /// <summary>True when the spec names an existing folder as a whole (an image folder).</summary>
    public bool IsFolder => Variable is null && Index is null && Directory.Exists(Path);

    /// <summary>The spec without its index, as a user writes it: <c>file</c> or <c>file:variable</c>.</summary>
    public string Address => Variable is null ? Path : $"{Path}:{Variable}";

    /// <summary>The spec as a user writes it, index included.</summary>
    public override string ToString() => Index is { } k ? $"{Address}[{k}]" : Address;

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"\[\s*(\d+)\s*\]$")]
    private static partial Regex TrailingIndex();
}
