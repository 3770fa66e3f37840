using DissimNet.Cli;

// The one place that touches the process's console: everything else writes through this invocation's CliConsole.
var console = CliConsole.ForProcess(Console.Out, Console.Error, Console.IsOutputRedirected, Console.IsErrorRedirected);
ParentWatch.StartIfAsked(console.Error);
return CliRunner.Invoke(console, args);
