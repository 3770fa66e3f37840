namespace DissimNet.IO;

/// <summary>The variables of a MATLAB .mat file, in the order the file stores them.</summary>
internal sealed class MatFile
{
    private readonly Dictionary<string, MatValue> _byName = new(StringComparer.Ordinal);

    public MatFile(string path, string version, IEnumerable<KeyValuePair<string, MatValue>> variables)
    {
        Path = path;
        Version = version;
        var names = new List<string>();
        foreach (var (name, value) in variables)
        {
            if (_byName.TryAdd(name, value)) names.Add(name);
            else _byName[name] = value; // MATLAB keeps the last of duplicated names
        }
        Names = names;
    }

    /// <summary>The file the variables were read from.</summary>
    public string Path { get; }

    /// <summary>MAT-file version: "5" (also -v6/-v7 files) or "7.3" (HDF5).</summary>
    public string Version { get; }

    /// <summary>Variable names in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether the file holds a variable of this name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>A variable by name; a clear error listing the file's variables when it is not there.</summary>
    public MatValue this[string name] => _byName.TryGetValue(name, out var value)
        ? value
        : throw new DissimNetException($"{Path}: variable '{name}' not found (variables: {(Names.Count == 0 ? "none" : string.Join(", ", Names))})");
}
