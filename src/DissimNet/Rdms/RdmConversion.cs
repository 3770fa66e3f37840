using System.Text.RegularExpressions;
using DissimNet.IO;

namespace DissimNet.Rdms;

/// <summary>Moves RDMs between rsatoolbox's .hdf5 and the .mat/.npz files MATLAB and numpy read, keeping rsatoolbox's descriptors where the format can.</summary>
internal static partial class RdmConversion
{
    /// <summary>Reads the RDMs <paramref name="fromSpec"/> addresses and writes them to <paramref name="outPath"/> (.hdf5/.h5, .mat or .npz); returns what was written.</summary>
    /// <remarks>.mat and .npz get <c>RDMs</c> (count x n x n) plus one variable per RDM descriptor, named <c>rdm_NAME</c>.
    /// .npz keeps numeric descriptors only (DissimNet reads numeric .npy members only, so a string member would make the
    /// file unreadable to it): the returned RDMs then lack the string descriptors, and a note to
    /// <paramref name="progress"/> names them.</remarks>
    public static RsatoolboxRdms Convert(string fromSpec, string outPath, IProgressSink? progress = null)
    {
        var format = DataSpec.FormatOf(outPath);
        if (format is not (FileFormat.Hdf5 or FileFormat.Mat or FileFormat.Npz))
            throw new SettingException($"{outPath}: RDMs convert to .hdf5, .h5, .mat or .npz", "Out");
        var rdms = Load(fromSpec, progress);
        switch (format)
        {
            case FileFormat.Hdf5:
                RsatoolboxFile.Write(outPath, rdms);
                break;
            case FileFormat.Mat:
                var variables = new List<KeyValuePair<string, MatValue>> { new("RDMs", new MatNumeric(Squares(rdms))) };
                foreach (var column in rdms.RdmDescriptors)
                    variables.Add(new(VariableName(column.Name), column.Values is string[] texts
                        ? new MatCell([texts.Length, 1], texts.Select(t => (MatValue)MatChar.FromString(t)).ToList())
                        : new MatNumeric(Numbers(column, [column.Count, 1]))));
                MatWriter.Write(outPath, variables);
                break;
            default:
                var numeric = rdms.RdmDescriptors.Where(c => c.Values is not string[]).ToList();
                var arrays = new List<KeyValuePair<string, NdArray>> { new("RDMs", Squares(rdms)) };
                arrays.AddRange(numeric.Select(c => new KeyValuePair<string, NdArray>(VariableName(c.Name), Numbers(c, [c.Count]))));
                Npz.Write(outPath, arrays);
                var dropped = rdms.RdmDescriptors.Where(c => c.Values is string[]).Select(c => c.Name).ToList();
                if (dropped.Count > 0)
                    progress?.Note($"{outPath}: RDM descriptor{(dropped.Count == 1 ? "" : "s")} {string.Join(", ", dropped)} not written: " +
                        ".npz holds numeric descriptors only; convert to .mat or .hdf5 to keep text descriptors");
                return rdms with { RdmDescriptors = numeric };
        }
        return rdms;
    }

    /// <summary>The RDMs a spec addresses with rsatoolbox's descriptors: read from an rsatoolbox file (selection and <c>[k]</c> applied), or made up for any other stack.</summary>
    public static RsatoolboxRdms Load(string spec, IProgressSink? progress = null)
    {
        var parts = DataSpecParts.ParseIndexed(spec);
        if (parts.Variable is null && DataSpec.FormatOf(parts.Path) == FileFormat.Hdf5)
        {
            var (file, conditions) = RsatoolboxSelection.Split(parts.Path);
            var rdms = RsatoolboxSelection.Apply(RsatoolboxFile.Read(file), conditions, file);
            if (parts.Index is not { } k) return rdms;
            if (k >= rdms.RdmCount)
                throw new DissimNetException($"{parts.Path}: RDM index {k} is out of range; it holds {rdms.RdmCount} RDM{(rdms.RdmCount == 1 ? "" : "s")} (0 to {rdms.RdmCount - 1})");
            return rdms.Select([k]);
        }
        return FromStack(RdmFiles.LoadStack(spec, progress), null);
    }

    /// <summary>A stack as rsatoolbox RDMs: RDM descriptors <c>index</c> (and <c>subject</c>, <c>time</c> for a subjects x time stack), pattern descriptor <c>index</c> (and <c>condition</c> when named).</summary>
    public static RsatoolboxRdms FromStack(RdmStack stack, string? measure, IReadOnlyList<DescriptorColumn>? rdmDescriptors = null)
    {
        var columns = new List<DescriptorColumn>(rdmDescriptors ?? []);
        if (stack.HasTimeAxis)
        {
            columns.Add(new("subject", Enumerable.Range(0, stack.Count).Select(k => (long)(k / stack.TimeCount)).ToArray()));
            columns.Add(new("time", Enumerable.Range(0, stack.Count).Select(k => (long)(k % stack.TimeCount)).ToArray()));
        }
        columns.Add(new("index", Enumerable.Range(0, stack.Count).Select(k => (long)k).ToArray()));
        var patterns = new List<DescriptorColumn>();
        if (stack.ConditionNames is { } names) patterns.Add(new("condition", names.ToArray()));
        patterns.Add(new("index", Enumerable.Range(0, stack.ConditionCount).Select(k => (long)k).ToArray()));
        return new RsatoolboxRdms(stack.Count, stack.PairCount, (double[])stack.Vectors.Clone(), measure, [], columns, patterns, stack.SinglePrecision);
    }

    /// <summary>The RDMs as a count x n x n array of full symmetric matrices.</summary>
    private static NdArray Squares(RsatoolboxRdms rdms)
    {
        int n = SquareForm.ConditionCount(rdms.PairCount) ?? throw new DissimNetException($"{rdms.PairCount} pairs are not n(n-1)/2 for any n");
        var values = new double[rdms.RdmCount * n * n];
        for (int k = 0; k < rdms.RdmCount; k++)
            SquareForm.ToSquare(rdms.Dissimilarities.AsSpan(k * rdms.PairCount, rdms.PairCount).ToArray()).CopyTo(values, k * n * n);
        return new NdArray([rdms.RdmCount, n, n], values);
    }

    private static NdArray Numbers(DescriptorColumn column, int[] shape) =>
        new(shape, column.Values is long[] integers ? integers.Select(v => (double)v).ToArray() : (double[])column.Values);

    private static string VariableName(string descriptor) => "rdm_" + Unsafe().Replace(descriptor, "_");

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex Unsafe();
}
