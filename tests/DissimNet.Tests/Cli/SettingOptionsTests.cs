using DissimNet.Cli;
using DissimNet.Training;

namespace DissimNet.Tests.Cli;

/// <summary>The options of training settings are made from their declarations: every setting has one on train and crossval, its help
/// shows the declared default, and a bad value is one line naming the option.</summary>
public sealed class SettingOptionsTests() : TempFolderTests("setting-options")
{
    static string OptionName(SettingDeclaration d) => d.ValueType == typeof(bool) ? (true.Equals(d.Default) ? "--no-" : "--") + d.Name : "--" + d.Name;

    [Theory]
    [InlineData("train")]
    [InlineData("crossval")]
    public void EveryDeclaredSettingIsAnOptionWithItsDeclaredDefaultInHelp(string commandName)
    {
        var command = CliHarness.Root().Subcommands.Single(c => c.Name == commandName);
        foreach (var setting in SettingDeclaration.All)
        {
            var option = command.Options.SingleOrDefault(o => o.Name == OptionName(setting) || o.Aliases.Contains(OptionName(setting)));
            Assert.True(option is not null, $"{commandName} has no option for setting {setting.Name}");
            if (setting.Default is not (null or "" or bool))
                Assert.Contains($"default {setting.Format(setting.Default)}", option!.Description);
        }
    }

    /// <summary>A value each setting refuses (null: the setting accepts any text or is a switch).</summary>
    static string? Refused(SettingDeclaration d) =>
        d.Choices is not null ? "no-such-value"
        : d.ValueType == typeof(int) || d.ValueType == typeof(double) ? "abc"
        : d.ValueType == typeof(IReadOnlyList<string>) ? ","
        : d.Name == "freeze" ? "sideways" : null;

    [Fact]
    public void ABadValueOfAnySettingIsOneLineNamingItsOption()
    {
        var outFolder = Path.Combine(TempRoot, "never-written");
        foreach (var setting in SettingDeclaration.All)
        {
            if (Refused(setting) is not { } bad) continue;
            var (exit, stdout, stderr) = CliHarness.Run(["train", "--out", outFolder, "--" + setting.Name, bad]);
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(exit == 2 && stdout == "" && lines.Length == 1, $"--{setting.Name} {bad}: exit {exit}, stderr:\n{stderr}");
            Assert.StartsWith("error: ", lines[0]);
            Assert.Contains($"--{setting.Name}", lines[0]);
        }
        Assert.False(Directory.Exists(outFolder));
    }
}
