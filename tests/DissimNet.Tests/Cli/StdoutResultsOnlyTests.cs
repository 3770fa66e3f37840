using System.Text.Json;
using System.Text.RegularExpressions;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Tests.Algonauts;
using DissimNet.Tests.Sweeps;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Cli;

/// <summary>stdout carries results only (tables, JSON, paths written): progress, notes and the per-epoch validation table go to
/// stderr, so that `dissimnet CMD > results.txt` holds only results; --quiet leaves stderr empty on success. Every command is run,
/// with stdout and stderr captured apart; the commands are split over two classes so the quick ones and the training ones run in parallel.</summary>
internal static class ResultsOnly
{
    /// <summary>What progress looks like in any of its forms: a task starting ("... ..."), a step count with its clock, a task's
    /// end ("... done in 00:03"), an epoch line, the validation table, or a note.</summary>
    static readonly Regex Progress = new(@"\.\.\.\s*$|\[\d\d:\d\d\]|done in \d\d:\d\d(\.\d+)?\s*$|^\s*epoch \d|held-out score|^note:", RegexOptions.Multiline);

    /// <summary>Runs <paramref name="args"/>, checks it succeeds with results and no progress on stdout, then runs it again under
    /// --quiet (into fresh output paths under <paramref name="root"/>) and checks that stderr stays empty.</summary>
    public static void Check(string root, string[] args, bool quietToo = true)
    {
        var (exit, stdout, stderr) = CliHarness.Run(args);
        Assert.True(exit == 0, $"{args[0]}: {stderr}");
        Assert.NotEqual("", stdout.Trim());
        AssertNoProgress(args[0], stdout);
        if (!quietToo) return;

        var quiet = args.Select((a, i) => i > 0 && args[i - 1] == "--out" ? Path.Combine(root, "quiet-" + Path.GetFileName(a)) : a).ToArray();
        (exit, stdout, stderr) = CliHarness.Run([.. quiet, "--quiet"]);
        Assert.True(exit == 0, $"{args[0]} --quiet: {stderr}");
        Assert.Equal("", stderr);
        AssertNoProgress(args[0] + " --quiet", stdout);
    }

    /// <summary>Fails when <paramref name="stdout"/> of <paramref name="command"/> holds any form of progress.</summary>
    public static void AssertNoProgress(string command, string stdout) =>
        Assert.False(Progress.IsMatch(stdout), $"{command} wrote progress to stdout:\n{stdout}");

    /// <summary>The commands <see cref="StdoutResultsOnlyTests"/> runs.</summary>
    public static readonly string[] Quick = ["inspect", "layers", "rdm", "score", "compare", "noise-ceiling", "convert-rdms", "weights", "plot-rdm"];

    /// <summary>The commands that train, or work on what training wrote.</summary>
    public static readonly string[] Training = ["train", "predict", "export", "report", "crossval", "sweep", "sweep-cell", "collect"];

    /// <summary>Checked by DemoCommandTests, where the (slow) demo runs anyway.</summary>
    public static readonly string[] Elsewhere = ["demo"];
}

/// <summary>The commands that need no training: stdout holds results only, and their --json parses.</summary>
public sealed class StdoutResultsOnlyTests() : TempFolderTests("stdout")
{
    IEnumerable<string[]> Commands()
    {
        yield return ["inspect", TestPaths.Data("92imageData/92_brainRDMs.mat")];
        yield return ["layers", "--model", "resnet18"];
        yield return ["rdm", "--images", CliFixtures.FourImages(TempRoot), "--model", "resnet18", "--size", "32", "--out", Path.Combine(TempRoot, "x.mat")];
        yield return ["score", "--model", BrainRdms + "[0]", "--target", BrainRdms, "--bootstrap", "20"];
        yield return ["compare", .. CompareModels(), "--target", BrainRdms, "--bootstrap", "20"];
        yield return ["noise-ceiling", "--target", BrainRdms];
        var rdm = Path.Combine(TempRoot, "rdm.npy");
        Npy.Write(rdm, new NdArray([4, 4], [0, 1, 2, 3, 1, 0, 4, 5, 2, 4, 0, 6, 3, 5, 6, 0]));
        yield return ["convert-rdms", "--from", rdm, "--out", Path.Combine(TempRoot, "rdms.npz")];
        yield return ["weights", "convert", "--from", EmbeddedResNet18.TrunkPath, "--arch", "resnet18-imagenet", "--out", Path.Combine(TempRoot, "trunk.safetensors")];
        yield return ["plot-rdm", BrainRdms, "--out", Path.Combine(TempRoot, "brain.png")];
    }

    static string[] CompareModels() =>
        [.. Statistics.ModelComparisonTests.Names.Zip(Statistics.ModelComparisonTests.Specs, (name, spec) => new[] { "--model", $"{name}={spec}" }).SelectMany(a => a)];

    [Fact]
    public void EveryQuickCommandKeepsProgressOffStdoutAndQuietKeepsStderrEmpty()
    {
        Directory.CreateDirectory(TempRoot);
        var ran = new List<string>();
        foreach (var args in Commands())
        {
            ResultsOnly.Check(TempRoot, args);
            ran.Add(args[0]);
        }
        Assert.Equal(ResultsOnly.Quick, ran);
    }

    [Fact]
    public void TheTwoClassesRunEveryCommand()
    {
        var all = CliHarness.Root().Subcommands.Select(c => c.Name).Order();
        Assert.Equal(all, ResultsOnly.Quick.Concat(ResultsOnly.Training).Concat(ResultsOnly.Elsewhere).Order());
    }

    [Theory]
    [InlineData("score")]
    [InlineData("compare")]
    [InlineData("noise-ceiling")]
    public void JsonOnStdoutParses(string command)
    {
        string[] args = command switch
        {
            "score" => ["score", "--model", BrainRdms + "[0]", "--target", BrainRdms, "--bootstrap", "20", "--json"],
            "compare" => ["compare", .. CompareModels(), "--target", BrainRdms, "--bootstrap", "20", "--json"],
            _ => ["noise-ceiling", "--target", BrainRdms, "--json"],
        };
        var (exit, stdout, stderr) = CliHarness.Run(args);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
    }
}

/// <summary>The commands that train or read a training run: stdout holds results only (no epoch lines, no validation table).</summary>
public sealed class StdoutResultsOnlyTrainingTests() : TempFolderTests("stdout-training")
{
    IEnumerable<string[]> Commands()
    {
        var layout = AlgonautsTrainingLayoutTests.MakeLayout(Path.Combine(TempRoot, "data"));
        var set = Path.Combine(layout, "Training_Data", "92_Image_Set");
        var images = Path.Combine(set, "92images");
        var run = Path.Combine(TempRoot, "run");
        yield return ["train", "--algonauts", layout, "--track", "fmri", "--region", "IT", "--model", "resnet18", "--size", "32", "--train-layer", "layer4",
            "--freeze", "upto:layer3", "--layers", "layer3,layer4", "--holdout-fraction", "0.25", "--epochs", "2", "--batch", "8", "--out", run];
        yield return ["predict", "--run", run, "--layer", "layer4", "--images", images, "--out", Path.Combine(TempRoot, "predicted.npy")];
        yield return ["export", "--run", run, "--format", "safetensors", "--out", Path.Combine(TempRoot, "run.safetensors")];
        yield return ["report", run, "--out", Path.Combine(TempRoot, "report.html")];
        yield return ["crossval", "--images", images, "--target", Path.Combine(set, "target_fmri.mat") + ":IT_RDMs", "--model", "resnet18", "--size", "32",
            "--freeze", "upto:layer1", "--layers", "layer3,layer4", "--train-layer", "layer4", "--epochs", "1", "--batch", "8", "--folds", "2", "--repeats", "1",
            "--holdout-fraction", "0.5", "--bootstrap", "20", "--out", Path.Combine(TempRoot, "cv")];
        SweepFixture.UseBuiltCli();
        var plan = Path.Combine(TempRoot, "plan.json");
        File.WriteAllText(plan, $$"""
            {
              "command": "train",
              "options": { "algonauts": "{{layout}}", "track": "fmri", "region": "IT", "model": "resnet18", "size": 32, "train-layer": "layer4",
                           "freeze": "upto:layer3", "layers": "layer4", "holdout-fraction": 0.25, "epochs": 1, "batch": 8 },
              "grid": { "seed": [3] }
            }
            """);
        var sweep = Path.Combine(TempRoot, "sweep");
        yield return ["sweep", plan, "--out", sweep];
        yield return ["sweep-cell", sweep, "0"];
        yield return ["collect", sweep];
    }

    [Fact]
    public void EveryTrainingCommandKeepsProgressOffStdoutAndQuietKeepsStderrEmpty()
    {
        Directory.CreateDirectory(TempRoot);
        var ran = new List<string>();
        foreach (var args in Commands())
        {
            // The slow ones once: --quiet is the same switch for every command, checked on train and the rest.
            ResultsOnly.Check(TempRoot, args, quietToo: args[0] is not ("crossval" or "sweep"));
            ran.Add(args[0]);
        }
        Assert.Equal(ResultsOnly.Training, ran);
    }
}
