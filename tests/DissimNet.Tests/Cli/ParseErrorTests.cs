using System.CommandLine;
using DissimNet.Cli;

namespace DissimNet.Tests.Cli;

/// <summary>A mistyped command line, on every command, is one line on stderr and exit code 2: never the help screen.</summary>
public sealed class ParseErrorTests
{
    static IEnumerable<Command> Commands() => CliHarness.Root().Subcommands;

    static void AssertOneLine(string[] args)
    {
        var (exit, stdout, stderr) = CliHarness.Run(args);
        var what = string.Join(' ', args);
        Assert.True(exit == 2, $"{what}: exit {exit}");
        Assert.True(stdout == "", $"{what}: wrote to stdout:\n{stdout}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), $"{what}: stderr was\n{stderr}");
    }

    [Fact]
    public void AnUnknownOptionOnAnyCommandIsOneLine()
    {
        foreach (var command in Commands()) AssertOneLine([command.Name, "--no-such-option"]);
        AssertOneLine(["no-such-command"]);
        AssertOneLine([]);
    }

    [Fact]
    public void ANumberOptionGivenTextOnAnyCommandIsOneLine()
    {
        int checkedOptions = 0;
        foreach (var command in Commands())
            foreach (var option in command.Options)
            {
                var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
                if (type != typeof(int) && type != typeof(long) && type != typeof(double)) continue;
                AssertOneLine([command.Name, option.Name, "abc"]);
                checkedOptions++;
            }
        Assert.True(checkedOptions > 20, $"only {checkedOptions} numeric options found");
    }

    [Fact]
    public void AValueOutsideAnOptionsChoicesIsOneLine()
    {
        AssertOneLine(["export", "--run", "x", "--format", "pth", "--out", "x.pth"]);
        AssertOneLine(["noise-ceiling", "--target", "x.npy", "--metric", "no-such-metric"]);
    }
}
