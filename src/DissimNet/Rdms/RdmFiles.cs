using System.Text.RegularExpressions;
using DissimNet.IO;

namespace DissimNet.Rdms;

/// <summary>Loads RDMs from data specs (<c>file.mat:variable.field</c>, <c>file.npy</c>, ...), optionally picking one RDM with a trailing <c>[k]</c>.</summary>
public static partial class RdmFiles
{
    /// <summary>All RDMs a spec addresses, e.g. <c>92_brainRDMs.mat:RDMs.RDM</c> (8 subjects x 92 x 92).</summary>
    /// <remarks>A trailing <c>[k]</c> (0-based) keeps only RDM k of the stack. Notes about the reading go to <paramref name="progress"/>.</remarks>
    public static RdmStack LoadStack(string spec, IProgressSink? progress = null)
    {
        var (file, index) = SplitIndex(spec);
        var stack = RdmStack.FromArray(DataSpec.LoadArray(file, progress), file);
        return index is { } k ? Pick(stack, k, file).ToStack() : stack;
    }

    /// <summary>Exactly one RDM from a spec; a spec holding several is refused unless <paramref name="index"/> or a trailing <c>[k]</c> picks one.</summary>
    public static Rdm LoadSingle(string spec, int? index = null, string role = "model", IProgressSink? progress = null)
    {
        var (file, specIndex) = SplitIndex(spec);
        if (specIndex is not null && index is not null && specIndex != index)
            throw new DissimNetException($"{spec}: the spec picks RDM {specIndex} but the index option picks {index}; give one of them");
        index ??= specIndex;
        var stack = RdmStack.FromArray(DataSpec.LoadArray(file, progress), file);
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

    /// <summary>Splits "spec[3]" into ("spec", 3); a spec without a trailing index is returned whole.</summary>
    public static (string Spec, int? Index) SplitIndex(string spec)
    {
        var match = TrailingIndex().Match(spec);
        if (!match.Success || File.Exists(spec)) return (spec, null);
        return (spec[..match.Index], int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\[\s*(\d{1,9})\s*\]$")]
    private static partial Regex TrailingIndex();
}
