using System.Text.Json;
using System.Text.RegularExpressions;
using DissimNet.IO;
using DissimNet.Tests.Algonauts;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Cli;

/// <summary>stdout carries results only (tables, JSON, paths written): progress, notes and the per-epoch validation table go to
/// stderr, so that `dissimnet CMD > results.txt` holds only results; --quiet leaves stderr empty on success.</summary>
[Collection("Console")]
public sealed class StdoutResultsOnlyTests() : TempFolderTests("stdout")
{
    /// <summary>What progress looks like in any of its forms: a task starting ("... ..."), a step count with its clock, a task's
    /// end, an epoch line, or the validation table.</summary>
    static readonly Regex Progress = new(@"\.\.\.\s*$|\[\d\d:\d\d\]|done in \d|^\s*epoch \d|held-out score|^note:", RegexOptions.Multiline);

    string FourImages() => CliFixtures.FourImages(TempRoot);

    IEnumerable<string[]> Commands()
    {
        var layout = AlgonautsTrainingLayoutTests.MakeLayout(TempRoot);
        yield return ["train", "--algonauts", layout, "--track", "fmri", "--region", "IT", "--model", "resnet18", "--size", "32", "--train-layer", "layer4",
            "--freeze", "upto:layer3", "--layers", "layer3,layer4", "--holdout-fraction", "0.25", "--epochs", "2", "--batch", "8", "--out", Path.Combine(TempRoot, "run")];
        yield return ["rdm", "--images", FourImages(), "--model", "resnet18", "--size", "32", "--out", Path.Combine(TempRoot, "x.mat")];
        yield return ["layers", "--model", "resnet18"];
        yield return ["score", "--model", BrainRdms + "[0]", "--target", BrainRdms, "--bootstrap", "20"];
        yield return ["noise-ceiling", "--target", BrainRdms];
        yield return ["inspect", TestPaths.Data("92imageData/92_brainRDMs.mat")];
    }

    [Fact]
    public void EveryCommandKeepsProgressOffStdoutAndQuietKeepsStderrEmpty()
    {
        foreach (var args in Commands())
        {
            var (exit, stdout, stderr) = CliHarness.Run(args);
            Assert.True(exit == 0, $"{args[0]}: {stderr}");
            Assert.NotEqual("", stdout.Trim());
            Assert.False(Progress.IsMatch(stdout), $"{args[0]} wrote progress to stdout:\n{stdout}");

            // Again under --quiet, into fresh output paths.
            var quiet = args.Select((a, i) => i > 0 && args[i - 1] == "--out" ? Path.Combine(TempRoot, "quiet-" + Path.GetFileName(a)) : a).ToArray();
            (exit, stdout, stderr) = CliHarness.Run([.. quiet, "--quiet"]);
            Assert.True(exit == 0, $"{args[0]} --quiet: {stderr}");
            Assert.Equal("", stderr);
        }
    }

    [Theory]
    [InlineData("score")]
    [InlineData("noise-ceiling")]
    public void JsonOnStdoutParses(string command)
    {
        string[] args = command == "score" ? ["score", "--model", BrainRdms + "[0]", "--target", BrainRdms, "--bootstrap", "20", "--json"]
            : ["noise-ceiling", "--target", BrainRdms, "--json"];
        var (exit, stdout, stderr) = CliHarness.Run(args);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
    }
}
