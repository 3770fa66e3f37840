using DissimNet.Cli;
using Spectre.Console;

namespace DissimNet.Tests.Cli;

/// <summary>Runs <c>dissimnet</c> in-process, capturing stdout and stderr (tests using it belong to the non-parallel Console collection).</summary>
internal static class CliHarness
{
    static readonly object Gate = new();

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        lock (Gate)
        {
            TextWriter oldOut = Console.Out, oldErr = Console.Error;
            var oldAnsi = AnsiConsole.Console;
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Console.SetOut(stdout);
            Console.SetError(stderr);
            // Spectre writes through its own console object: point it at the captured stdout, without colours.
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
            });
            try
            {
                int exit = CliRunner.Invoke(CliRunner.CreateRootCommand(), args);
                return (exit, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
                AnsiConsole.Console = oldAnsi;
            }
        }
    }
}

/// <summary>Tests that redirect the console run one at a time, apart from all others.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public class ConsoleCollection;
