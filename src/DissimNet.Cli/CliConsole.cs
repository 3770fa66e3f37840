using System.CommandLine;
using Spectre.Console;

namespace DissimNet.Cli;

/// <summary>How much <c>dissimnet</c> says on stderr besides results and errors.</summary>
internal enum Verbosity
{
    /// <summary>Results and errors only: no progress, no notes.</summary>
    Quiet,

    /// <summary>Progress and notes.</summary>
    Normal,

    /// <summary>Progress, notes, the runtime in use and timings.</summary>
    Verbose,
}

/// <summary>The console of one <c>dissimnet</c> invocation: results go to <see cref="Out"/>, everything else (progress, notes,
/// warnings, errors) to <see cref="Error"/>. One instance is made per command line and handed to every command, so several
/// command lines can run side by side in one process (as the tests do), each with its own writers and verbosity.</summary>
internal sealed class CliConsole
{
    /// <summary>A console over the given writers.</summary>
    /// <param name="output">Where results go (stdout).</param>
    /// <param name="error">Where progress, notes, warnings and errors go (stderr).</param>
    /// <param name="plain">No colours or cursor control in results (NO_COLOR, or stdout not a terminal).</param>
    /// <param name="liveProgress">Progress may be a live bar: stderr is a terminal, NO_COLOR is unset and this is not CI.</param>
    /// <param name="outputRedirected">stdout is a file or a pipe rather than a terminal.</param>
    public CliConsole(TextWriter output, TextWriter error, bool plain = true, bool liveProgress = false, bool outputRedirected = true)
    {
        Out = output;
        Error = error;
        Plain = plain;
        LiveProgress = liveProgress;
        OutputRedirected = outputRedirected;
    }

    /// <summary>The console of a real process: its standard streams, with colours and live progress decided from whether
    /// they are terminals and from NO_COLOR (no-color.org) and CI.</summary>
    public static CliConsole ForProcess(TextWriter stdout, TextWriter stderr, bool stdoutRedirected, bool stderrRedirected)
    {
        var environment = RuntimeEnvironment.Read();
        bool noColor = environment.NoColorValue is { Length: > 0 };
        bool ci = environment.CiValue is not null;
        return new CliConsole(stdout, stderr, IsPlain(noColor, stdoutRedirected), IsLive(noColor, ci, stderrRedirected), stdoutRedirected);
    }

    /// <summary>True when results must be written without colours or cursor control: NO_COLOR set, or stdout not a terminal.</summary>
    public static bool IsPlain(bool noColor, bool stdoutRedirected) => noColor || stdoutRedirected;

    /// <summary>True when progress may be a live bar: stderr, where progress goes, is a terminal, NO_COLOR is unset and this is not CI.</summary>
    public static bool IsLive(bool noColor, bool ci, bool stderrRedirected) => !noColor && !ci && !stderrRedirected;

    /// <summary>Where results go: tables, JSON, paths written.</summary>
    public TextWriter Out { get; }

    /// <summary>Where progress, notes, warnings and errors go.</summary>
    public TextWriter Error { get; }

    /// <summary>True when stdout is a file or a pipe rather than a terminal.</summary>
    public bool OutputRedirected { get; }

    /// <summary>True when results are written without colours or cursor control.</summary>
    public bool Plain { get; }

    /// <summary>True when progress may be drawn as a live bar on <see cref="Error"/>.</summary>
    public bool LiveProgress { get; }

    /// <summary>How much is said on <see cref="Error"/>; set from --quiet/--verbose once the command line is parsed.</summary>
    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

    /// <summary>A Spectre console for results on <see cref="Out"/> (tables), plain when <see cref="Plain"/>.</summary>
    public IAnsiConsole Results() => SpectreOver(Out, Plain);

    /// <summary>A Spectre console for progress on <see cref="Error"/>: live bars and the validation table, plain unless <see cref="LiveProgress"/>.</summary>
    public IAnsiConsole Progress() => SpectreOver(Error, !LiveProgress);

    /// <summary>Writes "note: MESSAGE" to <see cref="Error"/> unless --quiet.</summary>
    public void Note(string message)
    {
        if (Verbosity != Verbosity.Quiet) Error.WriteLine($"note: {message}");
    }

    /// <summary>Writes "warning: MESSAGE" to <see cref="Error"/> (warnings are shown even under --quiet).</summary>
    public void Warning(string message) => Error.WriteLine($"warning: {message}");

    /// <summary>Writes a detail line to <see cref="Error"/> only under --verbose.</summary>
    public void Detail(string message)
    {
        if (Verbosity == Verbosity.Verbose) Error.WriteLine(message);
    }

    /// <summary>A Spectre console writing to <paramref name="output"/>, without ANSI codes when <paramref name="plain"/>.</summary>
    public static IAnsiConsole SpectreOver(TextWriter output, bool plain)
    {
        var settings = new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) };
        if (plain)
        {
            settings.Ansi = AnsiSupport.No;
            settings.ColorSystem = ColorSystemSupport.NoColors;
        }
        // A factory only: the new console writes to the given writer and sets none of Spectre's process-wide state.
        return AnsiConsole.Create(settings);
    }

    /// <summary>--quiet: recursive, so it works after any subcommand (a new option per root command: options are not shared between command trees).</summary>
    public static Option<bool> QuietOption() => new("--quiet", "-q") { Description = "Print only results and errors: no progress, no notes", Recursive = true };

    /// <summary>--verbose: recursive, so it works after any subcommand.</summary>
    public static Option<bool> VerboseOption() => new("--verbose", "-v") { Description = "Print notes plus detail: the torch runtime and convolution path in use, timings", Recursive = true };

    /// <summary>The verbosity a parsed command line asks for (--quiet wins when both are given).</summary>
    public static Verbosity VerbosityOf(ParseResult parse) =>
        parse.GetValue<bool>("--quiet") ? Verbosity.Quiet : parse.GetValue<bool>("--verbose") ? Verbosity.Verbose : Verbosity.Normal;
}
