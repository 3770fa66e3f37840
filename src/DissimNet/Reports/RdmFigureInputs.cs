using System.Text.Json;
using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Reports;

/// <summary>One RDM ready to draw, with what was done to get it.</summary>
/// <param name="Matrix">The n x n matrix.</param>
/// <param name="AveragedCount">How many RDMs were averaged into it (1 when the spec held one).</param>
/// <param name="Warnings">Reading warnings (e.g. a non-zero diagonal).</param>
public sealed record DrawableRdm(double[,] Matrix, int AveragedCount, IReadOnlyList<string> Warnings);

/// <summary>Loads what the RDM figures draw from data specs: an RDM (a stack is averaged) and category labels.</summary>
public static class RdmFigureInputs
{
    /// <summary>One RDM from a spec: an n x n matrix, an n(n-1)/2 vector, or a stack (averaged, NaN-aware); a trailing [k] picks one of a stack.</summary>
    public static DrawableRdm LoadRdm(string spec)
    {
        var stack = RdmFiles.LoadStack(spec);
        var rdm = stack.Count == 1 ? stack[0] : stack.Mean();
        return new DrawableRdm(RdmMatrix.ToMatrix(rdm), stack.Count, stack.Warnings);
    }

    /// <summary>Category labels, one per condition: a .json array of strings, a text file with one label per line,
    /// or text in a MAT file (e.g. <c>Kriegeskorte_Neuron2008_supplementalData.mat:stimuli_92objs.category</c>).</summary>
    public static IReadOnlyList<string> LoadCategories(string spec, int expectedCount)
    {
        IReadOnlyList<string> labels;
        string extension = Path.GetExtension(spec).ToLowerInvariant();
        if (extension == ".json")
        {
            if (!File.Exists(spec)) throw new DissimNetException($"{spec}: file not found");
            try { labels = JsonSerializer.Deserialize<string[]>(File.ReadAllText(spec)) ?? []; }
            catch (JsonException e) { throw new DissimNetException($"{spec}: expected a JSON array of category names ({e.Message})", e); }
        }
        else if (extension == ".txt" && File.Exists(spec))
            labels = File.ReadAllLines(spec).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        else
            labels = DataSpec.LoadStrings(spec);

        if (labels.Count != expectedCount)
            throw new DissimNetException($"{spec}: {labels.Count} category labels, but the RDM has {expectedCount} conditions");
        return labels;
    }

    /// <summary>True when every category's items form one contiguous run, so blocks can be marked without reordering.</summary>
    public static bool AreGrouped(IReadOnlyList<string> categories) =>
        CategoryBlock.FromLabels(categories).Select(b => b.Label).Distinct().Count() == CategoryBlock.FromLabels(categories).Count;
}
