using System.Text.Json;
using DissimNet.Tests.Algonauts;
using DissimNet.Tests.Reports;
using DissimNet.Tests.Statistics;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Cli;

/// <summary>`dissimnet compare` end to end: table, JSON against the scipy/statsmodels fixture, the bar chart, run layers, errors.</summary>
public sealed class CompareCommandTests() : TempFolderTests("compare-cli")
{
    static string[] ModelArgs() =>
    [.. ModelComparisonTests.Names.Zip(ModelComparisonTests.Specs, (name, spec) => new[] { "--model", $"{name}={spec}" }).SelectMany(a => a)];

    [Fact]
    public void JsonMatchesScipyAndStatsmodels()
    {
        var (exit, stdout, stderr) = CliHarness.Run(["compare", .. ModelArgs(), "--target", BrainRdms, "--json"]);
        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        var reference = ModelComparisonTests.Reference.Value;
        Assert.Equal("spearman", json.GetProperty("metric").GetString());
        Assert.Equal("t", json.GetProperty("test").GetString());
        Assert.Equal("fdr", json.GetProperty("correction").GetString());
        Assert.Equal(8, json.GetProperty("n_subjects").GetInt32());
        Assert.Equal("matched", json.GetProperty("noise_ceiling").GetProperty("pooling").GetString());
        Close(reference.GetProperty("noise_ceiling").GetProperty("matched").GetProperty("lower").GetDouble(), json.GetProperty("noise_ceiling").GetProperty("lower").GetDouble());
        var models = json.GetProperty("models").EnumerateArray().ToArray();
        var expectedModels = reference.GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(3, models.Length);
        for (int m = 0; m < 3; m++)
        {
            Assert.Equal(ModelComparisonTests.Names[m], models[m].GetProperty("name").GetString());
            Assert.Equal(ModelComparisonTests.Specs[m], models[m].GetProperty("spec").GetString());
            Close(expectedModels[m].GetProperty("mean").GetDouble(), models[m].GetProperty("mean").GetDouble());
            Close(expectedModels[m].GetProperty("sem").GetDouble(), models[m].GetProperty("standard_error").GetDouble());
            CloseRelative(expectedModels[m].GetProperty("above_zero").GetProperty("p_fdr").GetDouble(),
                models[m].GetProperty("above_zero").GetProperty("p_corrected").GetDouble(), 1e-9);
            CloseRelative(expectedModels[m].GetProperty("versus_lower_ceiling").GetProperty("matched").GetProperty("p").GetDouble(),
                models[m].GetProperty("versus_lower_ceiling").GetProperty("p").GetDouble(), 1e-9);
        }
        Assert.True(models[0].GetProperty("versus_lower_ceiling").GetProperty("below").GetBoolean());
        Assert.False(models[1].GetProperty("versus_lower_ceiling").GetProperty("below").GetBoolean());
        var pairs = json.GetProperty("pairs").EnumerateArray().ToArray();
        var expectedPairs = reference.GetProperty("pairs").EnumerateArray().ToArray();
        Assert.Equal(3, pairs.Length);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(ModelComparisonTests.Names[expectedPairs[k].GetProperty("a").GetInt32()], pairs[k].GetProperty("first").GetString());
            Assert.Equal(ModelComparisonTests.Names[expectedPairs[k].GetProperty("b").GetInt32()], pairs[k].GetProperty("second").GetString());
            Close(expectedPairs[k].GetProperty("difference").GetDouble(), pairs[k].GetProperty("difference").GetDouble());
            Close(expectedPairs[k].GetProperty("t").GetDouble(), pairs[k].GetProperty("test").GetProperty("t").GetDouble());
            CloseRelative(expectedPairs[k].GetProperty("p").GetDouble(), pairs[k].GetProperty("test").GetProperty("p").GetDouble(), 1e-9);
            CloseRelative(expectedPairs[k].GetProperty("p_fdr").GetDouble(), pairs[k].GetProperty("test").GetProperty("p_corrected").GetDouble(), 1e-9);
        }
    }

    [Fact]
    public void TableShowsModelsPairsAndWhatWasTested()
    {
        var (exit, stdout, stderr) = CliHarness.Run(["compare", .. ModelArgs(), "--target", BrainRdms, "--correction", "bonferroni"]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("spearman over 92 conditions, 8 subjects", stdout);
        Assert.Contains("noise ceiling: 0.3280 to 0.5250, pooling matched (ranks averaged)", stdout);
        Assert.Contains("Bonferroni", stdout);
        // mIT: mean 0.2403; above 0 with Bonferroni p = 3 x 1.0e-4; against the ceiling 3 x 0.0370 = 0.1111, not significant.
        var mit = stdout.Split('\n').First(l => l.Contains("│ mIT ") && l.Contains("0.2403"));
        Assert.Contains("3.0e-4 *", mit);
        Assert.Contains("0.1111", mit);
        Assert.DoesNotContain("below", mit);
        var pair = stdout.Split('\n').First(l => l.Contains("0.0614"));
        Assert.Contains("2.49", pair);
        Assert.Contains("0.1250", pair);
        Assert.DoesNotContain("*", pair);
    }

    [Fact]
    public void ReadmeExampleOutputIsWhatTheCommandPrints()
    {
        var (exit, stdout, stderr) = CliHarness.Run(["compare", .. ModelArgs(), "--target", BrainRdms]);
        Assert.True(exit == 0, stderr);
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var lines = stdout.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && !l.StartsWith("target:")).ToArray();
        Assert.True(lines.Length > 10);
        foreach (var line in lines) Assert.Contains(line, readme);
    }

    [Fact]
    public void PlotWritesAPngAndBootstrapIsReproducible()
    {
        var png = Path.Combine(FigureFiles.Folder("compare"), "compare.png");
        string[] args = ["compare", .. ModelArgs(), "--target", BrainRdms, "--test", "bootstrap", "--bootstrap", "200", "--bootstrap-over", "both",
            "--seed", "4", "--plot", png, "--title", "hIT", "--json"];
        var (exit, stdout, stderr) = CliHarness.Run(args);
        Assert.True(exit == 0, stderr);
        using (var image = FigureFiles.Decode(png)) Assert.True(image.Width >= 500 && image.Height >= 500);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("both", json.GetProperty("bootstrap").GetProperty("over").GetString());
        Assert.Equal(200, json.GetProperty("bootstrap").GetProperty("valid_resamples").GetInt32());
        Assert.Equal(png, json.GetProperty("plot").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("pairs")[0].GetProperty("test").GetProperty("t").ValueKind);
        var again = CliHarness.Run(args);
        Assert.Equal(stdout, again.Out);
    }

    [Fact]
    public void RunLayersAreComputedOnTheImagesAsPredictDoes()
    {
        var layout = AlgonautsTrainingLayoutTests.MakeLayout(TempRoot);
        var run = Path.Combine(TempRoot, "run");
        var (exit, _, stderr) = CliHarness.Run("train", "--algonauts", layout, "--track", "fmri", "--region", "IT", "--model", "resnet18", "--size", "32",
            "--train-layer", "layer4", "--freeze", "upto:layer3", "--layers", "layer3,layer4", "--holdout-fraction", "0.25", "--epochs", "1", "--batch", "8",
            "--seed", "3", "--out", run);
        Assert.True(exit == 0, stderr);
        var images = Path.Combine(layout, "Training_Data", "92_Image_Set", "92images");
        var target = Path.Combine(layout, "Training_Data", "92_Image_Set", "target_fmri.mat") + ":IT_RDMs";
        var predicted = Path.Combine(TempRoot, "layer3.npy");
        (exit, _, stderr) = CliHarness.Run("predict", "--run", run, "--layer", "layer3", "--epoch", "1", "--images", images, "--out", predicted);
        Assert.True(exit == 0, stderr);

        string stdout;
        (exit, stdout, stderr) = CliHarness.Run("compare", "--model", $"run:{run}:layer3@1", "--model", $"file={predicted}", "--model", $"before=run:{run}:layer3@0",
            "--target", target, "--images", images, "--json");
        Assert.True(exit == 0, stderr);
        var models = JsonDocument.Parse(stdout).RootElement.GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal("run:layer3@1", models[0].GetProperty("name").GetString());
        Assert.Equal("before", models[2].GetProperty("name").GetString());
        var fromRun = models[0].GetProperty("per_subject").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var fromFile = models[1].GetProperty("per_subject").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(15, fromRun.Length);
        for (int s = 0; s < 15; s++) Close(fromFile[s], fromRun[s], 1e-12);

        (exit, _, stderr) = CliHarness.Run("compare", "--model", $"run:{run}", "--target", target);
        Assert.Equal(2, exit);
        Assert.Contains("--images", stderr);
    }

    [Fact]
    public void BadModelsAreOneLineErrors()
    {
        var spec = Supplemental("RDMs_mIT_hIT_fig1.RDM");
        var (exit, stdout, stderr) = CliHarness.Run("compare", "--model", spec, "--target", BrainRdms);
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("holds 2", stderr);
        Assert.Contains("RDM[0]", stderr);
        Assert.DoesNotContain("   at ", stderr);

        (exit, _, stderr) = CliHarness.Run("compare", "--model", $"a={spec}[0]", "--model", $"a={spec}[1]", "--target", BrainRdms);
        Assert.Equal(2, exit);
        Assert.Contains("two models are named 'a'", stderr);

        (exit, _, stderr) = CliHarness.Run("compare", "--model", $"{spec}[0]", "--target", BrainRdms, "--plot", Path.Combine(TempRoot, "x.jpg"));
        Assert.Equal(2, exit);
        Assert.Contains("--plot must end in .png", stderr);
    }
}
