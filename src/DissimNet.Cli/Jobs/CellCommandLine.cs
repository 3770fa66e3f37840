using DissimNet.Sweeps;

namespace DissimNet.Cli.Jobs;

/// <summary>The command line of a cell's step: the library describes the step as data (<see cref="CellStep"/>); the words are made here.</summary>
internal static class CellCommandLine
{
    /// <summary>Options of <c>score</c> that an rdm-score cell passes to score (all of score's own but <c>model</c>, which is the cell's
    /// RDM); every other option goes to <c>rdm</c>.</summary>
    static readonly Lazy<IReadOnlySet<string>> ScoreOptions = new(() =>
        Commands.ScoreCommand.Create(new CliConsole(TextWriter.Null, TextWriter.Null)).Options.Select(o => o.Name.TrimStart('-')).Where(name => name != "model").ToHashSet(StringComparer.Ordinal));

    /// <summary>The arguments after the executable, subcommand first.</summary>
    public static IReadOnlyList<string> Arguments(CellStep step) => step.Command switch
    {
        StepCommand.Train => ["train", .. Words(step.Options), "--out", step.Output, .. step.Resume ? ["--resume"] : Array.Empty<string>()],
        StepCommand.Crossval => ["crossval", .. Words(step.Options), "--out", step.Output],
        StepCommand.Rdm => ["rdm", .. Words(step.Options.Where(o => !ScoreOptions.Value.Contains(o.Name))), "--out", step.Output],
        _ => ["score", "--model", step.Input!, .. Words(step.Options.Where(o => ScoreOptions.Value.Contains(o.Name))), "--out", step.Output],
    };

    /// <summary>Options as command-line words: "--name value", a flag for true, nothing for false, the option repeated for several values.</summary>
    public static IEnumerable<string> Words(IEnumerable<PlanOption> options)
    {
        foreach (var option in options)
            foreach (var value in option.Values)
            {
                if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) continue;
                yield return "--" + option.Name;
                if (!value.Equals("true", StringComparison.OrdinalIgnoreCase)) yield return value;
            }
    }

    /// <summary>The step as one line for <c>command.txt</c>: the executable and the arguments, quoted for a POSIX shell.</summary>
    public static string Text(DissimNetExecutable executable, CellStep step) =>
        executable.CommandText + " " + string.Join(' ', Arguments(step).Select(ShellQuote.Word));
}
