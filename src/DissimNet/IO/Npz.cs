using System.IO.Compression;

namespace DissimNet.IO;

/// <summary>Reads and writes NumPy .npz archives: a zip of .npy files, stored or deflated.</summary>
internal static class Npz
{
    /// <summary>Reads every array, keyed by its name (the member name without ".npy"), in archive order.</summary>
    /// <remarks>Two members of one name are refused: a zip allows them, but which one a reader returns is arbitrary.</remarks>
    public static IReadOnlyList<KeyValuePair<string, NdArray>> Read(string path) =>
        Members(path, (entry, where) => Npy.Parse(ReadMember(entry, where), where));

    /// <summary>Every array's header (type and shape), inflating only the few bytes each header takes, for an inventory.</summary>
    internal static IReadOnlyList<KeyValuePair<string, NpyHeader>> ReadHeaders(string path) =>
        Members(path, (entry, where) =>
        {
            using var stream = entry.Open();
            var prefix = BoundedInflate.ReadUpTo(stream, 12);
            long end = Math.Min(Npy.HeaderEnd(prefix), Npy.MaxHeaderBytes);
            var header = end > prefix.Length ? [.. prefix, .. BoundedInflate.ReadUpTo(stream, end - prefix.Length)] : prefix;
            return Npy.ParseHeader(header, where);
        });

    private static IReadOnlyList<KeyValuePair<string, T>> Members<T>(string path, Func<ZipArchiveEntry, string, T> read)
    {
        var bytes = FileBytes.ReadAll(path);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var arrays = new List<KeyValuePair<string, T>>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                string name = entry.FullName[..^4];
                if (!names.Add(name))
                    throw new DissimNetException($"{path}: holds two members named '{entry.FullName}'; an .npz must name each array once");
                arrays.Add(new(name, read(entry, $"{path}: array '{name}'")));
            }
            return arrays;
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // a damaged deflate stream may throw ZLibException, an IOException
        {
            throw new DissimNetException($"{path}: not a valid .npz (zip) archive or it is truncated ({e.Message})");
        }
    }

    /// <summary>Inflates one member no further than the size its zip entry declares (+1 byte to catch a member that inflates past it).</summary>
    private static byte[] ReadMember(ZipArchiveEntry entry, string where)
    {
        ReadLimits.Check(entry.Length, where, "the zip member");
        if (entry.Length > Array.MaxLength)
            throw new DissimNetException($"{where}: is too large to load ({entry.Length} bytes)");
        using var stream = entry.Open();
        var member = BoundedInflate.ReadUpTo(stream, entry.Length);
        if (BoundedInflate.HasMore(stream))
            throw new DissimNetException($"{where}: inflates past the {entry.Length} bytes its zip entry declares (corrupt archive)");
        return member;
    }

    /// <summary>Writes arrays into a .npz archive; deflated like numpy.savez_compressed when <paramref name="compress"/> is set, else stored like numpy.savez.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NdArray>> arrays, bool compress = false)
    {
        var members = arrays.ToList();
        OutputFile.WriteStream(path, file =>
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Create);
            foreach (var (name, array) in members)
            {
                var entry = zip.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var stream = entry.Open();
                stream.Write(Npy.Encode(array));
            }
        });
    }
}
