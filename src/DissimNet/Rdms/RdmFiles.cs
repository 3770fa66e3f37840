using DissimNet.IO;

namespace DissimNet.Rdms;

/// <summary>Loads RDMs from data specs (<c>file.mat:variable.field</c>, <c>file.npy</c>, ...), optionally picking one RDM with a trailing <c>[k]</c>.</summary>
public static class RdmFiles
{
    /// <summary>All RDMs a spec addresses, e.g. <c>92_brainRDMs.mat:RDMs.RDM</c> (8 subjects x 92 x 92).</summary>
    /// <remarks>A trailing <c>[k]</c> (0-based) keeps only RDM k of the stack. Notes about the reading go to <paramref name="progress"/>.</remarks>
    public static RdmStack LoadStack(string spec, IProgressSink? progress = null)
    {
        var parts = DataSpecParts.ParseIndexed(spec);
        var (stack, file) = Load(parts, progress);
        return parts.Index is { } k ? Pick(stack, k, file).ToStack() : stack;
    }

    /// <summary>Exactly one RDM from a spec; a spec holding several is refused unless <paramref name="index"/> or a trailing <c>[k]</c> picks one.</summary>
    public static Rdm LoadSingle(string spec, int? index = null, string role = "model", IProgressSink? progress = null)
    {
        var parts = DataSpecParts.ParseIndexed(spec);
        var specIndex = parts.Index;
        if (specIndex is not null && index is not null && specIndex != index)
            throw new DissimNetException($"{spec}: the spec picks RDM {specIndex} but the index option picks {index}; give one of them");
        index ??= specIndex;
        var (stack, file) = Load(parts, progress);
        if (index is { } k) return Pick(stack, k, file);
        if (stack.Count != 1)
            throw new DissimNetException(
                $"{file}: expected one {role} RDM but found {stack.Count} ({string.Join(" x ", stack.LeadingShape)} RDMs of {stack.ConditionCount} conditions); " +
                $"pick one with {file}[0] ... {file}[{stack.Count - 1}] or --{role}-index 0");
        return stack[0];
    }

    static Rdm Pick(RdmStack stack, int k, string file)
    {
        if (k < 0 || k >= stack.Count)
            throw new DissimNetException($"{file}: RDM index {k} is out of range; it holds {stack.Count} RDM{(stack.Count == 1 ? "" : "s")} (0 to {stack.Count - 1})");
        return stack[k];
    }

    /// <summary>The whole stack a parsed spec addresses, with the spec text (index left out) that messages name.</summary>
    static (RdmStack Stack, string File) Load(DataSpecParts parts, IProgressSink? progress) =>
        (RdmStack.FromArray(DataSpec.From(parts).LoadArray(progress), parts.Address), parts.Address);
}
