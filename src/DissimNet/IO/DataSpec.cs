namespace DissimNet.IO;

/// <summary>Addresses one array inside a file: <c>file.npy</c>, <c>file.csv</c>, <c>file.npz:name</c>, <c>file.mat:variable</c>,
/// <c>file.mat:variable.field.subfield</c>, or an rsatoolbox file <c>file.hdf5</c> with an optional selection <c>file.hdf5?subject=subject1</c>.</summary>
/// <remarks>The spec string is split by <see cref="DataSpecParts"/>.
/// A struct array's field is stacked along a new first axis in MATLAB's element order.</remarks>
public sealed record DataSpec(string Path, string? Variable)
{
    /// <summary>Splits a spec string into file path and variable path (see <see cref="DataSpecParts.Parse"/>).</summary>
    public static DataSpec Parse(string spec) => From(DataSpecParts.Parse(spec));

    /// <summary>The array a parsed spec addresses, without its index (picking one of a stack is the caller's job).</summary>
    public static DataSpec From(DataSpecParts parts) => new(parts.Path, parts.Variable);

    /// <summary>Loads the numeric array a spec string addresses; notes about the reading (e.g. a skipped header row) go to <paramref name="progress"/>.</summary>
    public static NdArray LoadArray(string spec, IProgressSink? progress = null) => Parse(spec).LoadArray(progress);

    /// <summary>Loads the strings a spec string addresses (a char array, a cell of char, or a char field of a struct array).</summary>
    public static IReadOnlyList<string> LoadStrings(string spec) => Parse(spec).LoadStrings();

    /// <summary>Loads the numeric array this spec addresses; notes about the reading go to <paramref name="progress"/>.</summary>
    public NdArray LoadArray(IProgressSink? progress = null)
    {
        switch (Format)
        {
            case FileFormat.Mat:
                var mat = MatReader.Read(Path);
                return MatSelection.ToArray(mat, Variable ?? OnlyVariable(mat.Names));
            case FileFormat.Npz:
                var arrays = Npz.Read(Path);
                string name = Variable ?? OnlyVariable(arrays.Select(a => a.Key).ToArray());
                foreach (var (key, array) in arrays)
                    if (key == name) return array;
                throw new DissimNetException($"{Path}: array '{name}' not found (arrays: {string.Join(", ", arrays.Select(a => a.Key))})");
            case FileFormat.Npy:
                RequireNoVariable();
                return Npy.Read(Path);
            case FileFormat.Hdf5:
                RequireNoVariable();
                var (file, conditions) = RsatoolboxSelection.Split(Path);
                return RsatoolboxSelection.Apply(RsatoolboxFile.Read(file), conditions, file).ToArray();
            default:
                RequireNoVariable();
                return CsvMatrix.Read(Path, progress);
        }
    }

    /// <summary>Loads the strings this spec addresses; only MAT files hold text.</summary>
    public IReadOnlyList<string> LoadStrings()
    {
        if (Format != FileFormat.Mat)
            throw new DissimNetException($"{Path}: only .mat files hold text arrays; cannot load strings from a {System.IO.Path.GetExtension(Path)} file");
        var mat = MatReader.Read(Path);
        return MatSelection.ToStrings(mat, Variable ?? OnlyVariable(mat.Names));
    }

    /// <summary>The spec as a user writes it.</summary>
    public override string ToString() => Variable is null ? Path : $"{Path}:{Variable}";

    /// <summary>The file format, from the extension.</summary>
    public FileFormat Format => FormatOf(Path);

    /// <summary>The format of a file from its extension, with a clear error for unknown ones.</summary>
    /// <remarks>A descriptor selection after '?' (<c>file.hdf5?subject=subject1</c>) is not part of the extension.</remarks>
    public static FileFormat FormatOf(string path) => System.IO.Path.GetExtension(RsatoolboxSelection.Split(path).File).ToLowerInvariant() switch
    {
        ".mat" => FileFormat.Mat,
        ".npz" => FileFormat.Npz,
        ".npy" => FileFormat.Npy,
        ".hdf5" or ".h5" => FileFormat.Hdf5,
        ".csv" or ".tsv" or ".txt" => FileFormat.Csv,
        var other => throw new DissimNetException($"{path}: unknown file type '{other}' (expected .mat, .npz, .npy, .hdf5, .h5, .csv, .tsv or .txt)"),
    };

    private string OnlyVariable(IReadOnlyList<string> names) => names.Count == 1
        ? names[0]
        : throw new DissimNetException($"{Path}: holds {(names.Count == 0 ? "no variables" : $"{names.Count} variables ({string.Join(", ", names)})")}; name one as {Path}:VARIABLE");

    private void RequireNoVariable()
    {
        if (Variable is not null)
            throw new DissimNetException($"{Path}: a {System.IO.Path.GetExtension(Path)} file holds one array; remove ':{Variable}' from the spec");
    }
}

/// <summary>File formats a <see cref="DataSpec"/> can address; <see cref="Hdf5"/> is rsatoolbox's RDMs file.</summary>
public enum FileFormat { Mat, Npz, Npy, Csv, Hdf5 }
