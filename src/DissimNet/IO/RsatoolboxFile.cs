using System.Text;
using PureHDF;

namespace DissimNet.IO;

/// <summary>Reads and writes the HDF5 files of rsatoolbox's <c>RDMs.save(path, file_type='hdf5')</c> and <c>rsatoolbox.rdm.load_rdm(path)</c>, with PureHDF.</summary>
/// <remarks>Layout: dataset <c>dissimilarities</c> (RDMs x pairs), file attributes <c>dissimilarity_measure</c> and
/// <c>rsatoolbox_version</c>, group <c>descriptors</c> (string attributes), groups <c>rdm_descriptors</c> and
/// <c>pattern_descriptors</c> (one dataset per descriptor; strings as fixed-length byte strings, which rsatoolbox decodes).</remarks>
internal static class RsatoolboxFile
{
    /// <summary>The rsatoolbox version written into files; rsatoolbox reads it back but does not check it.</summary>
    public const string WrittenVersion = "0.3.0";

    /// <summary>Reads every RDM and descriptor of an rsatoolbox HDF5 file.</summary>
    public static RsatoolboxRdms Read(string path)
    {
        FileBytes.CheckRegular(path);
        Hdf5Superblock.Check(path, path, "an rsatoolbox RDMs file (HDF5)");
        Hdf5LinkCheck.Check(path, path);
        try
        {
            using var file = H5File.OpenRead(path);
            if (!file.LinkExists("dissimilarities") || file.Get("dissimilarities") is not IH5Dataset data)
                throw new DissimNetException($"{path}: not an rsatoolbox RDMs file: expected a dataset 'dissimilarities' (RDMs x pairs), as RDMs.save(path, file_type='hdf5') writes");
            var dims = data.Space.Dimensions;
            if (dims.Length is not (1 or 2) || data.Type.Class != H5DataTypeClass.FloatingPoint || dims.Any(d => d == 0 || d > int.MaxValue))
                throw new DissimNetException($"{path}: 'dissimilarities' is {data.Type.Class} of shape {string.Join(" x ", dims)}; expected floating-point RDMs x pairs");
            int rdmCount = dims.Length == 2 ? (int)dims[0] : 1, pairCount = (int)dims[^1];
            // Checked before reading: chunks never written read as the fill value, so a tiny file can declare any size.
            ReadLimits.Check(ReadLimits.Bytes((long)rdmCount * pairCount, 8), $"{path}: 'dissimilarities'", $"shape {string.Join(" x ", dims)}");
            bool single = data.Type.Size == 4;
            double[] values = single ? data.Read<float[]>().Select(v => (double)v).ToArray() : data.Read<double[]>();
            return new RsatoolboxRdms(rdmCount, pairCount, values,
                TextAttribute(file, "dissimilarity_measure"),
                file.LinkExists("descriptors") && file.Get("descriptors") is IH5Group d ? TextAttributes(d) : [],
                Columns(file, "rdm_descriptors", rdmCount, path),
                Columns(file, "pattern_descriptors", PatternCount(pairCount), path),
                single);
        }
        catch (DissimNetException) { throw; }
        catch (Exception e)
        {
            // PureHDF reports corrupt or truncated files with assorted exception types; all mean the same to a user. That
            // includes OutOfMemoryException: every array read is checked against ReadLimits first, so PureHDF asking for
            // an impossible array ("Array dimensions exceeded supported range") means a damaged size in the file.
            throw new DissimNetException($"{path}: not a readable HDF5 file: it is truncated or corrupt ({e.GetType().Name}: {e.Message})", e);
        }
    }

    /// <summary>Writes <paramref name="rdms"/> so that <c>rsatoolbox.rdm.load_rdm(path)</c> opens it; the file appears whole or not at all.</summary>
    /// <remarks>PureHDF 2.2 gives every string in a file one width: fixed-length strings, as rsatoolbox writes descriptors,
    /// make the two file attributes fixed-length too (rsatoolbox writes them variable-length), so rsatoolbox reads them as bytes.</remarks>
    public static void Write(string path, RsatoolboxRdms rdms)
    {
        foreach (var column in rdms.RdmDescriptors)
            if (column.Count != rdms.RdmCount)
                throw new DissimNetException($"{path}: RDM descriptor '{column.Name}' has {column.Count} values for {rdms.RdmCount} RDMs");
        var matrix = new double[rdms.RdmCount, rdms.PairCount];
        Buffer.BlockCopy(rdms.Dissimilarities, 0, matrix, 0, rdms.Dissimilarities.Length * sizeof(double));
        var descriptors = new H5Group();
        foreach (var (name, text) in rdms.Descriptors) descriptors.Attributes[name] = text;
        var file = new H5File
        {
            ["descriptors"] = descriptors,
            ["dissimilarities"] = matrix,
            ["pattern_descriptors"] = Group(rdms.PatternDescriptors),
            ["rdm_descriptors"] = Group(rdms.RdmDescriptors),
        };
        file.Attributes["dissimilarity_measure"] = rdms.DissimilarityMeasure ?? "";
        file.Attributes["rsatoolbox_version"] = WrittenVersion;
        var options = new H5WriteOptions(DefaultStringLength: StringWidth(rdms), PreferCompactDatasetLayout: false);
        OutputFile.Write(path, temporary => file.Write(temporary, options));
    }

    private static H5Group Group(IReadOnlyList<DescriptorColumn> columns)
    {
        var group = new H5Group();
        foreach (var column in columns) group[column.Name] = column.Values;
        return group;
    }

    /// <summary>One byte more than the longest string in UTF-8, so every string keeps a terminating null.</summary>
    private static int StringWidth(RsatoolboxRdms rdms)
    {
        var texts = rdms.RdmDescriptors.Concat(rdms.PatternDescriptors).SelectMany(c => c.Values as string[] ?? [])
            .Concat(rdms.Descriptors.Select(d => d.Value)).Append(rdms.DissimilarityMeasure ?? "").Append(WrittenVersion);
        return texts.Max(t => Encoding.UTF8.GetByteCount(t)) + 1;
    }

    private static List<DescriptorColumn> Columns(IH5Group file, string name, int? count, string path)
    {
        var columns = new List<DescriptorColumn>();
        if (!file.LinkExists(name) || file.Get(name) is not IH5Group group) return columns;
        foreach (var child in group.Children())
        {
            string what = name == "rdm_descriptors" ? "RDM" : "pattern";
            if (child is not IH5Dataset dataset || dataset.Space.Dimensions.Length != 1)
                throw new DissimNetException($"{path}: {name}/{child.Name} is not a one-dimensional dataset; expected one value per {what}");
            // The declared length is checked before reading: a descriptor of the wrong length is refused without its values.
            if (count is { } n && dataset.Space.Dimensions[0] != (ulong)n)
                throw new DissimNetException($"{path}: {name}/{child.Name} has {dataset.Space.Dimensions[0]} values for {n} {what}s");
            var values = Values(dataset, $"{path}: {name}/{child.Name}");
            columns.Add(new DescriptorColumn(child.Name, values));
        }
        return columns;
    }

    /// <summary>The number of patterns n of an RDM with n(n - 1)/2 pairs, or null when the pair count is not of that form.</summary>
    private static int? PatternCount(int pairCount)
    {
        int n = (int)Math.Round((1 + Math.Sqrt(1 + 8.0 * pairCount)) / 2);
        return (long)n * (n - 1) / 2 == pairCount ? n : null;
    }

    private static Array Values(IH5Dataset dataset, string source)
    {
        // Checked before reading, on the declared length: chunks never written read as the fill value, so a tiny file can
        // declare a descriptor of billions of values. A number is held as a long or double beside the values read (16 bytes);
        // a string as a .NET string (2 bytes a character plus about 32 of overhead).
        long count = (long)Math.Min(dataset.Space.Dimensions[0], long.MaxValue);
        long width = dataset.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength ? 2L * dataset.Type.Size + 32 : 16;
        ReadLimits.Check(ReadLimits.Bytes(count, width), source, $"{count} descriptor values");
        return ReadValues(dataset, source);
    }

    private static Array ReadValues(IH5Dataset dataset, string source) => dataset.Type.Class switch
    {
        H5DataTypeClass.String or H5DataTypeClass.VariableLength => dataset.Read<string[]>().Select(s => s.TrimEnd('\0')).ToArray(),
        H5DataTypeClass.FloatingPoint => dataset.Type.Size == 4 ? dataset.Read<float[]>().Select(v => (double)v).ToArray() : dataset.Read<double[]>(),
        H5DataTypeClass.FixedPoint => (dataset.Type.Size, dataset.Type.FixedPoint.IsSigned) switch
        {
            (1, true) => dataset.Read<sbyte[]>().Select(v => (long)v).ToArray(),
            (1, false) => dataset.Read<byte[]>().Select(v => (long)v).ToArray(),
            (2, true) => dataset.Read<short[]>().Select(v => (long)v).ToArray(),
            (2, false) => dataset.Read<ushort[]>().Select(v => (long)v).ToArray(),
            (4, true) => dataset.Read<int[]>().Select(v => (long)v).ToArray(),
            (4, false) => dataset.Read<uint[]>().Select(v => (long)v).ToArray(),
            _ => dataset.Read<long[]>(),
        },
        var other => throw new DissimNetException($"{source}: descriptors of HDF5 class {other} are not supported; expected strings or numbers"),
    };

    private static string? TextAttribute(IH5Object item, string name) =>
        item.AttributeExists(name) && item.Attribute(name).Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength
            ? item.Attribute(name).Read<string>().TrimEnd('\0')
            : null;

    private static List<KeyValuePair<string, string>> TextAttributes(IH5Object item) =>
        item.Attributes().Where(a => a.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength && a.Space.Dimensions.Length == 0)
            .Select(a => new KeyValuePair<string, string>(a.Name, a.Read<string>().TrimEnd('\0'))).ToList();
}
