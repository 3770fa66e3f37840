using DissimNet.Rdms;

namespace DissimNet.Reports;

/// <summary>One RDM ready to draw, with what was done to get it.</summary>
/// <param name="Rdm">The RDM, kept condensed (a figure draws it at display resolution, never as a full square copy).</param>
/// <param name="AveragedCount">How many RDMs were averaged into it (1 when the spec held one).</param>
/// <param name="Warnings">Reading warnings (e.g. a non-zero diagonal).</param>
internal sealed record DrawableRdm(Rdm Rdm, int AveragedCount, IReadOnlyList<string> Warnings)
{
    /// <summary>The number of conditions.</summary>
    public int ConditionCount => Rdm.ConditionCount;
}

/// <summary>Prepares what the RDM figures draw: an RDM from a data spec (a stack is averaged) and whether categories form blocks.</summary>
internal static class RdmFigureInputs
{
    /// <summary>One RDM from a spec: an n x n matrix, an n(n-1)/2 vector, or a stack (averaged, NaN-aware); a trailing [k] picks one of a stack.</summary>
    public static DrawableRdm LoadRdm(string spec)
    {
        var stack = RdmFiles.LoadStack(spec);
        var rdm = stack.Count == 1 ? stack[0] : stack.Mean();
        return new DrawableRdm(rdm, stack.Count, stack.Warnings);
    }

    /// <summary>True when every category's items form one contiguous run, so blocks can be marked without reordering.</summary>
    public static bool AreGrouped(IReadOnlyList<string> categories) =>
        CategoryBlock.FromLabels(categories).Select(b => b.Label).Distinct().Count() == CategoryBlock.FromLabels(categories).Count;
}
