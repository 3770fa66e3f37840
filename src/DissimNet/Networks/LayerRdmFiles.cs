using System.Text.RegularExpressions;
using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Networks;

/// <summary>Writes layer RDMs as .mat (one variable per layer plus a <c>layers</c> cell array), .npz, .npy (one layer),
/// or rsatoolbox's .hdf5/.h5 (one RDM per layer, the layer name as RDM descriptor <c>layer</c>).</summary>
internal static partial class LayerRdmFiles
{
    /// <summary>Saves square N x N RDMs; the format follows the extension. <paramref name="measure"/> names the dissimilarity in rsatoolbox files.</summary>
    public static void Save(string path, IReadOnlyList<LayerRdm> layers, string? measure = null)
    {
        if (DataSpec.FormatOf(path) == FileFormat.Mat && layers.Count > 0 && MatV5Bytes(layers[0].Rdm.ConditionCount) > MatV5VariableLimit)
            throw new SettingException($"{path}: an RDM of {layers[0].Rdm.ConditionCount:N0} conditions takes {ReadLimits.Describe(MatV5Bytes(layers[0].Rdm.ConditionCount))} "
                + "as a square double matrix, more than a MAT v5 variable holds (2 GB); write a condensed .npy instead", "Condensed");
        var squares = layers.Select(l => new NdArray([l.Rdm.ConditionCount, l.Rdm.ConditionCount], l.Rdm.ToSquare())).ToList();
        switch (DataSpec.FormatOf(path))
        {
            case FileFormat.Mat:
                var names = MatlabNames(layers.Select(l => l.Layer).ToList());
                var variables = new List<KeyValuePair<string, MatValue>>();
                for (int i = 0; i < layers.Count; i++) variables.Add(new(names[i], new MatNumeric(squares[i])));
                var cell = new MatCell([1, layers.Count], layers.Select(l => (MatValue)MatChar.FromString(l.Layer)).ToList());
                variables.Add(new("layers", cell));
                MatWriter.Write(path, variables);
                break;
            case FileFormat.Npz:
                Npz.Write(path, layers.Select((l, i) => new KeyValuePair<string, NdArray>(l.Layer, squares[i])));
                break;
            case FileFormat.Npy:
                if (layers.Count != 1)
                    throw new SettingException($"{path}: a .npy file holds one array but {layers.Count} layers were requested; write .mat or .npz, or request one layer", "CandidateLayers");
                Npy.Write(path, squares[0]);
                break;
            case FileFormat.Hdf5:
                RsatoolboxFile.Write(path, LayerRdmHdf5.ToRsatoolbox(layers, measure));
                break;
            default:
                throw new DissimNetException($"{path}: RDMs are written as .mat, .npz, .npy, .hdf5 or .h5");
        }
    }

    /// <summary>The most data bytes MATLAB's v5 format stores in one variable (its sizes are 32-bit; MATLAB refuses 2 GB and more).</summary>
    public const long MatV5VariableLimit = int.MaxValue;

    static long MatV5Bytes(int conditions) => (long)conditions * conditions * sizeof(double);

    /// <summary>MATLAB-safe, unique variable names: letters, digits and '_', starting with a letter, at most 63 characters, never "layers".</summary>
    public static IReadOnlyList<string> MatlabNames(IReadOnlyList<string> layers)
    {
        var used = new HashSet<string>(StringComparer.Ordinal) { "layers" };
        var result = new List<string>();
        foreach (var layer in layers)
        {
            var name = Unsafe().Replace(layer, "_");
            if (name.Length == 0 || !char.IsAsciiLetter(name[0])) name = "L_" + name;
            if (name.Length > 63) name = name[..63];
            var candidate = name;
            for (int k = 2; !used.Add(candidate); k++)
            {
                var suffix = $"_{k}";
                candidate = (name.Length + suffix.Length > 63 ? name[..(63 - suffix.Length)] : name) + suffix;
            }
            result.Add(candidate);
        }
        return result;
    }

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex Unsafe();
}
