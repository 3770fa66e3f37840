using System.Buffers.Binary;
using System.Text;
using DissimNet.IO;
using PureHDF;

namespace DissimNet.Tests.Fuzz;

/// <summary>Generates damaged and hostile rsatoolbox HDF5 files: bytes of the superblock, of every structure found by its
/// signature (object headers, B-trees, heaps, symbol nodes, dense link storage) and of the messages naming the file's links
/// and attributes, set to extreme values; and whole files written with PureHDF whose structure is wrong for rsatoolbox.</summary>
internal static class Hdf5Mutations
{
    static readonly string[] Signatures = ["OHDR", "OCHK", "TREE", "HEAP", "SNOD", "GCOL", "BTHD", "BTLF", "BTIN", "FRHP", "FHDB", "FHIB", "FSHD", "FSSE"];
    static readonly string[] Names = ["dissimilarities", "rdm_descriptors", "pattern_descriptors", "descriptors", "dissimilarity_measure", "rsatoolbox_version", "index"];
    static readonly uint[] Words = [0, 0xFFFFFFFF, 0x7FFFFFFF];

    /// <summary>At most this many occurrences of one signature or name are mutated (spread over the file), to bound the count.</summary>
    const int PerMarker = 6;

    /// <summary>Byte and integer overwrites at the places a reader trusts: in a fixed order, no randomness.</summary>
    public static IEnumerable<(string Mutation, byte[] Bytes)> Targeted(byte[] valid)
    {
        // The superblock (signature, versions, sizes of offsets and lengths, root group and end-of-file addresses).
        for (int at = 8; at < Math.Min(96, valid.Length); at++)
            foreach (byte value in new byte[] { 0x00, 0xFF })
                if (valid[at] != value) yield return ($"superblock byte {at} set to 0x{value:X2}", With(valid, at, value));
        foreach (var signature in Signatures)
            foreach (int at in Spread(Occurrences(valid, signature)))
                for (int field = 4; field <= 36 && at + field + 4 <= valid.Length; field += 4)
                    foreach (uint word in Words)
                        yield return ($"{signature} at {at}: uint32 at +{field} set to 0x{word:X8}", WithWord(valid, at + field, word));
        // Link and attribute messages: the bytes just before a name hold its length, the message's flags and the sizes of
        // the attribute's datatype and dataspace.
        foreach (var name in Names)
            foreach (int at in Spread(Occurrences(valid, name)))
                for (int back = 1; back <= 16 && at - back >= 0; back++)
                    foreach (byte value in new byte[] { 0x00, 0xFF, (byte)(valid[at - back] + 1) })
                        yield return ($"byte {back} before '{name}' at {at} set to 0x{value:X2}", With(valid, at - back, value));
    }

    /// <summary>rsatoolbox files whose structure is wrong, each written by PureHDF as a valid HDF5 file.</summary>
    public static IEnumerable<(string Mutation, byte[] Bytes)> Structural()
    {
        double[,] Rdms(int rdms, int pairs) => new double[rdms, pairs];
        var subjects = new[] { "s1", "s2" };
        yield return ("an RDM descriptor of 3 values for 2 RDMs", File(Rdms(2, 3), rdm: [("subject", new[] { "a", "b", "c" })]));
        yield return ("a pattern descriptor of 2 values for 3 patterns", File(Rdms(2, 3), pattern: [("index", new long[] { 0, 1 })]));
        yield return ("a pattern descriptor for 5 pairs (no pattern count)", File(Rdms(1, 5), pattern: [("index", new long[] { 0, 1, 2 })]));
        yield return ("no 'dissimilarities'", File(null, rdm: [("subject", subjects)]));
        yield return ("'dissimilarities' of strings", File(new[] { "0.1", "0.2", "0.3" }));
        yield return ("'dissimilarities' of integers", File(new long[,] { { 1, 2, 3 } }));
        yield return ("'dissimilarities' of three dimensions", File(new double[2, 3, 1]));
        yield return ("'dissimilarities' empty", File(Array.Empty<double>()));
        yield return ("'dissimilarities' a group", Write(new H5File { ["dissimilarities"] = new H5Group { ["x"] = new double[] { 1 } } }));
        yield return ("'dissimilarities' a float32 scalar", File(0.5f));
        yield return ("a 2-D descriptor", File(Rdms(2, 3), rdm: [("subject", new long[,] { { 1, 2 }, { 3, 4 } })]));
        yield return ("a descriptor that is a group", Write(new H5File { ["dissimilarities"] = Rdms(2, 3), ["rdm_descriptors"] = new H5Group { ["g"] = new H5Group() } }));
        yield return ("'rdm_descriptors' a dataset", Write(new H5File { ["dissimilarities"] = Rdms(2, 3), ["rdm_descriptors"] = new long[] { 1, 2 } }));
        yield return ("'descriptors' with a dataset", Write(new H5File { ["dissimilarities"] = Rdms(2, 3), ["descriptors"] = new H5Group { ["note"] = new double[] { 1 } } }));
        yield return ("a descriptor of booleans", File(Rdms(2, 3), rdm: [("flag", new[] { true, false })]));
        yield return ("a descriptor of 16-bit unsigned integers", File(Rdms(2, 3), rdm: [("n", new ushort[] { 1, 65535 })]));
        yield return ("strings of 30,000 bytes", File(Rdms(2, 3), rdm: [("subject", new[] { new string('x', 30_000), "b" })], stringLength: 30_001));
        yield return ("strings of 1 byte (cut)", File(Rdms(2, 3), rdm: [("subject", new[] { "long name", "b" })], stringLength: 1));
        yield return ("a dissimilarity measure that is a number", WithMeasure(42.0));
        yield return ("a dissimilarity measure that is a list of strings", WithMeasure(new[] { "a", "b" }));
        yield return ("a 46340 x 46340 'dissimilarities' never written", Bomb("dissimilarities", [46340, 46340], null));
        yield return ("an RDM descriptor of 2^31 values never written", Bomb("rdm_descriptors/subject", [1UL << 31], Rdms(2, 3)));
    }

    static byte[] File(object? dissimilarities, (string, object)[]? rdm = null, (string, object)[]? pattern = null, int stringLength = 8)
    {
        var file = new H5File();
        if (dissimilarities is not null) file["dissimilarities"] = dissimilarities;
        if (rdm is not null) file["rdm_descriptors"] = Group(rdm);
        if (pattern is not null) file["pattern_descriptors"] = Group(pattern);
        file.Attributes["dissimilarity_measure"] = "euclidean";
        return Write(file, stringLength);
    }

    static H5Group Group((string Name, object Values)[] columns)
    {
        var group = new H5Group();
        foreach (var (name, values) in columns) group[name] = values;
        return group;
    }

    static byte[] WithMeasure(object measure)
    {
        var file = new H5File { ["dissimilarities"] = new double[1, 3] };
        file.Attributes["dissimilarity_measure"] = measure;
        return Write(file);
    }

    /// <summary>A dataset declared <paramref name="dims"/> in one chunk that is never written: a few KB that read as GBs of fill values.</summary>
    static byte[] Bomb(string path, ulong[] dims, double[,]? dissimilarities)
    {
        var dataset = new H5Dataset<double[]>(fileDims: dims, chunks: [.. dims.Select(d => (uint)d)]);
        var file = new H5File();
        if (dissimilarities is not null) file["dissimilarities"] = dissimilarities;
        if (path.Split('/') is [var group, var name]) file[group] = new H5Group { [name] = dataset };
        else file[path] = dataset;
        using var stream = new MemoryStream();
        file.BeginWrite(stream, new H5WriteOptions(DefaultStringLength: 8)).Dispose();
        return stream.ToArray();
    }

    static byte[] Write(H5File file, int stringLength = 8)
    {
        using var stream = new MemoryStream();
        file.Write(stream, new H5WriteOptions(DefaultStringLength: stringLength, PreferCompactDatasetLayout: false));
        return stream.ToArray();
    }

    static List<int> Occurrences(byte[] bytes, string marker)
    {
        var found = new List<int>();
        var pattern = Encoding.ASCII.GetBytes(marker);
        for (int at = bytes.AsSpan().IndexOf(pattern); at >= 0;)
        {
            found.Add(at);
            int next = bytes.AsSpan(at + 1).IndexOf(pattern);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return found;
    }

    /// <summary>At most <see cref="PerMarker"/> of the occurrences, evenly spread.</summary>
    static IEnumerable<int> Spread(List<int> all) =>
        all.Count <= PerMarker ? all : Enumerable.Range(0, PerMarker).Select(k => all[k * all.Count / PerMarker]);

    static byte[] With(byte[] valid, int at, byte value)
    {
        var bytes = (byte[])valid.Clone();
        bytes[at] = value;
        return bytes;
    }

    static byte[] WithWord(byte[] valid, int at, uint word)
    {
        var bytes = (byte[])valid.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), word);
        return bytes;
    }
}
