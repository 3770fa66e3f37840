using DissimNet.Cli;
using DissimNet.IO;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Cli;

/// <summary>Conventional command-line behaviour: --quiet, --verbose, NO_COLOR and shell completion.</summary>
public sealed class ConventionsCommandTests() : TempFolderTests("conventions")
{
    string FourImages() => CliFixtures.FourImages(TempRoot);

    [Fact]
    public void Quiet_prints_results_without_progress_or_notes()
    {
        var images = FourImages();
        string[] rdm = ["rdm", "--images", images, "--model", "resnet18", "--size", "32", "--out", Path.Combine(TempRoot, "x.mat")];
        var (exit, stdout, stderr) = CliHarness.Run(rdm);
        Assert.True(exit == 0, stderr);
        Assert.Contains("done in", stderr); // progress as plain lines on stderr, since the harness's stderr is no terminal
        Assert.DoesNotContain("done in", stdout); // stdout carries results only

        (exit, stdout, stderr) = CliHarness.Run([.. rdm, "--quiet"]);
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("done in", stdout + stderr);
        Assert.DoesNotContain("...", stdout);

        var png = Path.Combine(TempRoot, "x.png");
        (exit, _, stderr) = CliHarness.Run("-q", "plot-rdm", BrainRdms, "--out", png);
        Assert.True(exit == 0, stderr);
        Assert.Equal("", stderr); // no "holds 8 RDMs" note
    }

    [Fact]
    public void Verbose_names_the_runtime_and_times_each_task()
    {
        var (exit, _, stderr) = CliHarness.Run("rdm", "--images", FourImages(), "--model", "resnet18", "--size", "32",
            "--out", Path.Combine(TempRoot, "v.mat"), "--verbose");
        Assert.True(exit == 0, stderr);
        Assert.Contains("convolutions: ", stderr);
        Assert.Contains("threads: ", stderr);
    }

    [Fact]
    public void No_color_output_has_no_escape_codes()
    {
        // NO_COLOR makes the console plain even on terminals, and keeps progress from being a live bar.
        Assert.True(CliConsole.IsPlain(noColor: true, stdoutRedirected: false));
        Assert.False(CliConsole.IsLive(noColor: true, ci: false, stderrRedirected: false));
        Assert.False(CliConsole.IsPlain(noColor: false, stdoutRedirected: false));
        Assert.True(CliConsole.IsLive(noColor: false, ci: false, stderrRedirected: false));
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", BrainRdms + "[0]", "--target", BrainRdms, "--bootstrap", "0");
        Assert.True(exit == 0, stderr);
        Assert.NotEqual("", stdout);
        Assert.DoesNotContain('\u001b', stdout + stderr);
        var writer = new StringWriter();
        new CliConsole(writer, TextWriter.Null, plain: true).Results().Write(new Spectre.Console.Markup("[red bold]x[/]"));
        Assert.Equal("x", writer.ToString());
    }

    [Theory]
    [InlineData("[suggest:13]", "dissimnet tr", "train")]
    [InlineData("[suggest]", "dissimnet ", "plot-rdm")]
    [InlineData("[suggest]", "dissimnet train --ke", "--keep")]
    public void Suggest_directive_completes_commands_and_options(string directive, string line, string expected)
    {
        var (exit, stdout, stderr) = CliHarness.Run(directive, line);
        Assert.True(exit == 0, stderr);
        var items = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(expected, items);
        if (line.EndsWith("tr")) Assert.All(items, i => Assert.StartsWith("tr", i));
    }
}
