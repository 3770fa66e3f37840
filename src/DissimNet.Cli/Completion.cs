using System.CommandLine;
using System.CommandLine.Parsing;

namespace DissimNet.Cli;

/// <summary>Shell completion: <c>dissimnet "[suggest:POSITION]" "COMMAND LINE"</c> prints what may come at POSITION, one per line.</summary>
/// <remarks>System.CommandLine 2.0 only parses its own <c>[suggest]</c> directive on a <see cref="RootCommand"/>, whose name is the
/// executable's (testhost, DissimNet.Cli); our root is named dissimnet, so the directive is handled here, in the same format
/// dotnet-suggest sends.</remarks>
internal static class Completion
{
    /// <summary>Answers a [suggest] or [suggest:N] command line; false when <paramref name="args"/> is not one.</summary>
    public static bool TryComplete(Command root, string[] args, TextWriter output)
    {
        if (args.Length == 0 || !args[0].StartsWith("[suggest", StringComparison.Ordinal) || !args[0].EndsWith(']')) return false;
        var line = args.Length > 1 ? string.Join(' ', args[1..]) : "";
        var position = args[0] is ['[', 's', 'u', 'g', 'g', 'e', 's', 't', ':', .. var digits, ']'] && int.TryParse(digits, out var p) ? p : line.Length;
        var tokens = CommandLineParser.SplitCommandLine(line[..Math.Clamp(position, 0, line.Length)]).ToList();
        // The shell passes the whole line, command name first.
        if (tokens.Count > 0 && Path.GetFileNameWithoutExtension(tokens[0]) is "dissimnet" or "DissimNet.Cli") tokens.RemoveAt(0);
        var partial = line.Length > 0 && position >= line.Length && !char.IsWhiteSpace(line[^1]) || position < line.Length && position > 0 && !char.IsWhiteSpace(line[position - 1]);
        var parse = CliRunner.Parse(root, tokens);
        // A word being typed is completed; after a space, whatever may follow.
        var word = partial && tokens.Count > 0 ? tokens[^1] : "";
        foreach (var item in parse.GetCompletions().Select(c => c.Label).Distinct())
            if (item.StartsWith(word, StringComparison.Ordinal)) output.WriteLine(item);
        return true;
    }
}
