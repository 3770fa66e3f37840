using System.CommandLine;
using Spectre.Console;

namespace DissimNet.Cli;

/// <summary>How much <c>dissimnet</c> says on stderr besides results and errors.</summary>
public enum Verbosity
{
    /// <summary>Results and errors only: no progress, no notes.</summary>
    Quiet,

    /// <summary>Progress and notes.</summary>
    Normal,

    /// <summary>Progress, notes, the runtime in use and timings.</summary>
    Verbose,
}

/// <summary>The conventions every command's console output follows: --quiet/--verbose and NO_COLOR.</summary>
public static class CliOutput
{
    /// <summary>--quiet: recursive, so it works after any subcommand.</summary>
    public static readonly Option<bool> QuietOption = new("--quiet", "-q") { Description = "Print only results and errors: no progress, no notes", Recursive = true };

    /// <summary>--verbose: recursive, so it works after any subcommand.</summary>
    public static readonly Option<bool> VerboseOption = new("--verbose", "-v") { Description = "Print notes plus detail: the torch runtime and convolution path in use, timings", Recursive = true };

    /// <summary>The verbosity of the command line being run (one command runs per process; tests run them one at a time).</summary>
    public static Verbosity Current { get; private set; } = Verbosity.Normal;

    /// <summary>Reads --quiet/--verbose from a parsed command line (--quiet wins when both are given).</summary>
    public static void Configure(ParseResult parse) =>
        Current = parse.GetValue(QuietOption) ? Verbosity.Quiet : parse.GetValue(VerboseOption) ? Verbosity.Verbose : Verbosity.Normal;

    /// <summary>Back to the default, after a command line ran.</summary>
    public static void Reset() => Current = Verbosity.Normal;

    /// <summary>True when colours and cursor control must stay off: NO_COLOR set to anything non-empty (no-color.org), or stdout not a terminal.</summary>
    public static bool Plain => RuntimeEnvironment.Read().NoColor || Console.IsOutputRedirected;

    /// <summary>True when progress may be a live bar: stderr, where progress goes, is a terminal, NO_COLOR is unset and this is not CI.</summary>
    public static bool LiveProgress => RuntimeEnvironment.Read() is { NoColor: false, Ci: false } && !Console.IsErrorRedirected;

    /// <summary>A Spectre console writing to <paramref name="output"/>, without ANSI codes when <paramref name="plain"/> (default: <see cref="Plain"/>).</summary>
    public static IAnsiConsole CreateConsole(TextWriter output, bool? plain = null)
    {
        var settings = new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) };
        if (plain ?? Plain)
        {
            settings.Ansi = AnsiSupport.No;
            settings.ColorSystem = ColorSystemSupport.NoColors;
        }
        return AnsiConsole.Create(settings);
    }

    /// <summary>Writes "note: MESSAGE" to stderr unless --quiet.</summary>
    public static void Note(string message)
    {
        if (Current != Verbosity.Quiet) Console.Error.WriteLine($"note: {message}");
    }

    /// <summary>Writes a detail line to stderr only under --verbose.</summary>
    public static void Detail(string message)
    {
        if (Current == Verbosity.Verbose) Console.Error.WriteLine(message);
    }
}
