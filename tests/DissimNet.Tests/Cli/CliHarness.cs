using System.CommandLine;
using DissimNet.Cli;
using DissimNet.Cli.Commands;

namespace DissimNet.Tests.Cli;

/// <summary>Runs <c>dissimnet</c> in-process, capturing stdout and stderr (tests using it belong to the non-parallel ConsoleCollection).</summary>
internal static class CliHarness
{
    static readonly object Gate = new();

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        lock (Gate)
        {
            var root = new RootCommand("dissimnet");
            foreach (var c in CommandCatalog.All()) root.Subcommands.Add(c);
            TextWriter oldOut = Console.Out, oldErr = Console.Error;
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                int exit = CliRunner.Invoke(root, args);
                return (exit, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}

/// <summary>Tests that redirect the console run one at a time, apart from all others.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public class ConsoleCollection;
