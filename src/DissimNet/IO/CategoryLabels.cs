using System.Text.Json;

namespace DissimNet.IO;

/// <summary>Reads category labels, one per condition (image), from a data spec.</summary>
internal static class CategoryLabels
{
    /// <summary>Category labels, one per condition: a .json array of strings, a text file with one label per line,
    /// or text in a MAT file (e.g. <c>Kriegeskorte_Neuron2008_supplementalData.mat:stimuli_92objs.category</c>).</summary>
    /// <remarks>Throws when the count differs from <paramref name="expectedCount"/>, since labels are matched to conditions by position.</remarks>
    public static IReadOnlyList<string> Load(string spec, int expectedCount)
    {
        IReadOnlyList<string> labels;
        string extension = Path.GetExtension(spec).ToLowerInvariant();
        if (extension == ".json")
        {
            if (!File.Exists(spec)) throw new DissimNetException($"{spec}: file not found");
            try { labels = JsonSerializer.Deserialize<string[]>(FileBytes.ReadText(spec, "a list of category names")) ?? []; }
            catch (JsonException e) { throw new DissimNetException($"{spec}: expected a JSON array of category names ({e.Message})", e); }
        }
        else if (extension == ".txt" && File.Exists(spec))
            labels = FileBytes.ReadText(spec, "a list of category names").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        else
            labels = DataSpec.LoadStrings(spec);

        if (labels.Count != expectedCount)
            throw new DissimNetException($"{spec}: {labels.Count} category labels, but the RDM has {expectedCount} conditions");
        return labels;
    }
}
