using System.CommandLine;
using System.CommandLine.Help;
using DissimNet;
using DissimNet.Training;

namespace DissimNet.Cli;

/// <summary>Runs a command line and turns user errors into one line on stderr with exit code 2 (3 when training met NaN or infinity).</summary>
internal static class CliRunner
{
    /// <summary>Exit code for bad input (files, variables, options).</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for training stopped by a NaN or infinite loss, gradient or weight (the run can resume).</summary>
    public const int NonFinite = 3;

    /// <summary>The <c>dissimnet</c> command with every subcommand (named so whatever the executable is called), writing
    /// through <paramref name="console"/>.</summary>
    public static Command CreateRootCommand(CliConsole console)
    {
        var root = new Command("dissimnet",
            "DissimNet: train deep networks on neural dissimilarities and measure how well any network's representation matches the brain.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption { Action = new VersionReport(console) });
        root.Options.Add(CliConsole.QuietOption());
        root.Options.Add(CliConsole.VerboseOption());
        foreach (var command in Commands.CommandCatalog.All(console))
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>How every command line is parsed: without response files. System.CommandLine's default replaces a word
    /// <c>@PATH</c> by the words of the file at PATH, so a value such as <c>--model @/etc/shadow</c> (or one in a sweep plan) would
    /// read a file the user never meant as arguments and quote it back in messages, logs and results.</summary>
    public static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>Parses a command line with <see cref="Parsing"/>; every parse of the CLI goes through here.</summary>
    public static ParseResult Parse(Command root, IReadOnlyList<string> args) => root.Parse(args, Parsing);

    /// <summary>Parses and invokes a command line on <paramref name="console"/>; never lets a stack trace reach the user unless
    /// DISSIMNET_DEBUG is set.</summary>
    public static int Invoke(CliConsole console, string[] args)
    {
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = console.Out, Error = console.Error };
        try
        {
            var root = CreateRootCommand(console);
            if (Completion.TryComplete(root, args, console.Out)) return 0;
            // Inside the try: an option's parser or validator that throws is reported in one line like any other error.
            var parse = Parse(root, args);
            console.Verbosity = CliConsole.VerbosityOf(parse);
            // Files read by this command line are held to the per-array limit of the environment as it is now.
            using var readLimits = DissimNet.IO.ReadLimits.Use(RuntimeEnvironment.Read());
            if (parse.Errors.Count > 0)
            {
                // A mistyped command line is bad input: one line naming what is wrong, never the whole help screen.
                var command = parse.CommandResult.Command;
                var where = command == root ? "dissimnet --help" : $"dissimnet {command.Name} --help";
                console.Error.WriteLine($"error: {OneLine(parse.Errors[0])} (see {where})");
                return BadInput;
            }
            return parse.Invoke(config);
        }
        catch (Exception e)
        {
            return Report(e, console.Error);
        }
    }

    /// <summary>A parse error on one line, naming the option it concerns when its own message does not (System.CommandLine
    /// lists allowed values one per line and says "Argument 'x' not recognized" without the option's name).</summary>
    static string OneLine(System.CommandLine.Parsing.ParseError error)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(error.Message.Trim(), @"\s*[\r\n]+\s*", " ");
        var option = error.SymbolResult switch
        {
            System.CommandLine.Parsing.OptionResult o => o.Option.Name,
            { Parent: System.CommandLine.Parsing.OptionResult o } => o.Option.Name,
            _ => null,
        };
        return option is not null && !text.Contains(option, StringComparison.Ordinal) ? $"{option}: {text}" : text;
    }

    /// <summary>"PATH: " from a .NET I/O message ("reason : 'PATH'" or "... the path 'PATH' ..."), or nothing when it names none.</summary>
    static string IoPath(Exception e)
    {
        int start = e.Message.IndexOf('\''), end = e.Message.LastIndexOf('\'');
        return start >= 0 && end > start ? e.Message[(start + 1)..end] + ": " : "";
    }

    /// <summary>libtorch appends its C++ stack ("frame #0: ...") to its messages; the user gets only the first line.</summary>
    public static string WithoutNativeFrames(string message) =>
        message.Contains("frame #", StringComparison.Ordinal) ? message.Split('\n', 2)[0].TrimEnd() : message;

    /// <summary>Writes the error to <paramref name="stderr"/> and returns the exit code.</summary>
    public static int Report(Exception e, TextWriter stderr)
    {
        var debug = RuntimeEnvironment.Read().Debug;
        while (e is AggregateException { InnerException: { } inner }) e = inner;
        switch (e)
        {
            case NonFiniteTrainingException:
                stderr.WriteLine($"error: {e.Message}");
                if (debug) stderr.WriteLine(e);
                return NonFinite;
            case SettingException setting:
                stderr.WriteLine($"error: {SettingFlags.Describe(setting)}");
                if (debug) stderr.WriteLine(e);
                return BadInput;
            case DissimNetException:
                stderr.WriteLine($"error: {e.Message}");
                if (debug) stderr.WriteLine(e);
                return BadInput;
            case FileNotFoundException f:
                stderr.WriteLine($"error: {f.FileName ?? f.Message}: file not found");
                return BadInput;
            case DirectoryNotFoundException:
                stderr.WriteLine($"error: {e.Message}");
                return BadInput;
            case IOException or UnauthorizedAccessException:
                // Last line of defence for a write no library helper wrapped: the path and the system's reason, not a trace.
                stderr.WriteLine($"error: {IoPath(e)}{DissimNet.IO.OutputFile.Reason(e)}");
                if (debug) stderr.WriteLine(e);
                return BadInput;
            case OperationCanceledException:
                stderr.WriteLine("interrupted");
                return 130;
            default:
                stderr.WriteLine($"internal error ({e.GetType().Name}): {WithoutNativeFrames(e.Message)}");
                stderr.WriteLine(debug ? e.ToString() : "set DISSIMNET_DEBUG=1 for details, and please report it");
                return 1;
        }
    }
}
