using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DissimNet.Sweeps;

/// <summary>Checks a YAML text's size as it would be once read, by streaming its parser events, before any tree is built:
/// nesting deeper than <see cref="MaxDepth"/>, more than <see cref="MaxNodes"/> nodes once aliases are expanded (a "billion
/// laughs" plan of a few lines expands to 10^9), an alias to an anchor still open (a recursive structure) and a second
/// document are refused.</summary>
/// <remarks>YamlDotNet builds its representation recursively and keeps aliases as shared nodes; turning them into a plan copies
/// each, so both the depth and the expanded count must be bounded first. The count is exact: each anchor's expanded size is
/// known when its node ends, and an alias adds that size.</remarks>
internal static class YamlBounds
{
    /// <summary>A plan is a handful of levels deep: command, options, grid, values.</summary>
    public const int MaxDepth = 64;

    /// <summary>Far more than any plan needs (a grid is capped at 100,000 cells, each a product of short lists).</summary>
    public const long MaxNodes = 100_000;

    /// <exception cref="DissimNetException">Naming the file, the line and the limit.</exception>
    public static void Check(string text, string path)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, long>();
        // One frame per open collection: its anchor (or null) and the expanded node count inside it so far.
        var open = new Stack<(string? Anchor, long Nodes)>();
        long total = 0;
        int documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case DocumentStart:
                        if (++documents > 1)
                            throw Error(path, e, "a second YAML document (---); a plan is one document");
                        break;
                    case SequenceStart or MappingStart:
                        if (open.Count >= MaxDepth) throw Error(path, e, $"nested more than {MaxDepth} levels deep");
                        open.Push((AnchorOf((NodeEvent)e), 1));
                        break;
                    case SequenceEnd or MappingEnd:
                        var (anchor, nodes) = open.Pop();
                        if (anchor is not null) anchors[anchor] = nodes;
                        Add(nodes);
                        break;
                    case Scalar scalar:
                        if (AnchorOf(scalar) is { } name) anchors[name] = 1;
                        Add(1);
                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out long size))
                            throw Error(path, e, $"the alias *{alias.Value.Value} refers to an anchor that is not complete (a recursive structure) or not defined");
                        Add(size);
                        break;
                }
                if (total > MaxNodes)
                    throw Error(path, e, $"more than {MaxNodes:N0} values once its aliases are expanded (an alias bomb?); a plan is far smaller");
            }
        }
        catch (YamlException e)
        {
            throw new DissimNetException($"{path}: not valid YAML (line {e.Start.Line}: {e.Message})");
        }
        catch (InvalidOperationException e) when (e.Source == "YamlDotNet")
        {
            // YamlDotNet's scanner gives up this way on some unclosed flow collections (e.g. "- {a: ~" followed by more items).
            throw new DissimNetException($"{path}: not valid YAML (line {parser.Current?.Start.Line.ToString() ?? "?"}: an unclosed flow collection or another structure the parser cannot follow)");
        }

        void Add(long nodes)
        {
            if (open.Count > 0)
            {
                var (anchor, inside) = open.Pop();
                open.Push((anchor, inside + nodes));
            }
            else total += nodes;
            // The running total counts what is open too, so a bomb is caught before its outermost collection closes.
            if (total + open.Sum(f => f.Nodes) > MaxNodes) total = MaxNodes + 1;
        }
    }

    static string? AnchorOf(NodeEvent e) => e.Anchor.IsEmpty ? null : e.Anchor.Value;

    static DissimNetException Error(string path, ParsingEvent e, string what) => new($"{path}: line {e.Start.Line}: {what}");
}
