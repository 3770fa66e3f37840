using DissimNet.Cli;

namespace DissimNet.Tests.Cli;

/// <summary>Runs <c>dissimnet</c> in-process on a console of its own (two StringWriters, plain, no live bars), so command lines
/// run in parallel with each other and with every other test: nothing process-wide is swapped.</summary>
internal static class CliHarness
{
    /// <summary>Runs one command line; returns its exit code, its stdout and its stderr.</summary>
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CliRunner.Invoke(new CliConsole(stdout, stderr), args);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The root command on a console that discards what it is given, for tests that parse without running.</summary>
    public static System.CommandLine.Command Root() => CliRunner.CreateRootCommand(new CliConsole(TextWriter.Null, TextWriter.Null));
}
