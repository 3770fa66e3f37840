using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using DissimNet.Networks.Runtime;

namespace DissimNet.Cli;

/// <summary><c>dissimnet --version</c>: the version, and the runtime facts that decide whether numbers are right and fast here.</summary>
sealed class VersionReport(CliConsole console) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var version = typeof(CliRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        console.Out.WriteLine($"dissimnet {version.Split('+')[0]}");
        foreach (var (name, value) in TorchRuntimeInfo.Describe())
            console.Out.WriteLine($"  {name + ":",-13} {value}");
        return 0;
    }
}
