using System.Text.Json;
using DissimNet.IO;
using DissimNet.Rdms;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Cli;

public class ScoreCommandTests
{
    static string MonkeyNpy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dissimnet-mIT-{Environment.ProcessId}.npy");
        var monkey = RdmFiles.LoadStack(Supplemental("RDMs_mIT_hIT_fig1.RDM"))[0];
        Npy.Write(path, new NdArray([monkey.PairCount], monkey.Vector));
        return path;
    }

    [Fact]
    public void ScoresNpyModelAgainstEightSessionsAsJson()
    {
        // rsa_reference.json's ceilings average the raw RDMs.
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", MonkeyNpy(), "--target", BrainRdms, "--nc", "0.3075", "--nc-pooling", "raw", "--json");
        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("spearman", json.GetProperty("metric").GetString());
        Assert.Equal(92, json.GetProperty("n_conditions").GetInt32());
        var perSubject = json.GetProperty("per_subject").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expected = Numbers("hIT_sessions", "mIT_spearman_per_rdm");
        Assert.Equal(8, perSubject.Length);
        for (int k = 0; k < 8; k++) Close(expected[k], perSubject[k]);
        Close(Number("hIT_sessions", "mean_r2"), json.GetProperty("mean_r2").GetDouble());
        CloseRelative(Number("hIT_sessions", "ttest_1samp_r2_pvalue"), json.GetProperty("p_value").GetDouble());
        Close(Number("hIT_sessions", "percent_of_noise_ceiling_given_nc_0.3075"), json.GetProperty("percent_of_noise_ceiling").GetDouble());
        Close(Number("noise_ceiling_spearman", "hIT_8_session_rdms", "lower"), json.GetProperty("noise_ceiling").GetProperty("lower").GetDouble());
        Close(Number("noise_ceiling_spearman", "hIT_8_session_rdms", "upper"), json.GetProperty("noise_ceiling").GetProperty("upper").GetDouble());
        Assert.Equal("raw", json.GetProperty("noise_ceiling").GetProperty("pooling").GetString());
    }

    [Fact]
    public void SpecHoldingTwoRdmsIsRefusedWithHowToPickOne()
    {
        var spec = Supplemental("RDMs_mIT_hIT_fig1.RDM");
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", spec, "--target", BrainRdms, "--json");
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("found 2", stderr);
        Assert.Contains("RDM[0]", stderr);
        Assert.Contains("--model-index", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void IndexInSpecOrOptionPicksOneRdm()
    {
        var spec = Supplemental("RDMs_mIT_hIT_fig1.RDM");
        var expected = Numbers("hIT_sessions", "mIT_spearman_per_rdm");
        foreach (var args in new[] { new[] { "--model", spec + "[0]" }, new[] { "--model", spec, "--model-index", "0" } })
        {
            var (exit, stdout, stderr) = CliHarness.Run(["score", .. args, "--target", BrainRdms, "--json"]);
            Assert.True(exit == 0, stderr);
            Close(expected[3], JsonDocument.Parse(stdout).RootElement.GetProperty("per_subject")[3].GetDouble());
        }
    }

    [Fact]
    public void AlgonautsMegScoreFromV5FixturesWithGivenCeiling()
    {
        // The fixtures hold 12 conditions, not an Algonauts image set, so the ceiling is given rather than looked up.
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", TestPaths.Fixture("submit_model_v5.mat") + ":MEG_RDMs_late",
            "--target", TestPaths.Fixture("target_meg_v5.mat") + ":MEG_RDMs_late", "--algonauts", "meg", "--nc", "0.2275", "--json");
        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Close(Number("algonauts_fixtures", "MEG_late", "mean_r2"), json.GetProperty("mean_r2").GetDouble());
        CloseRelative(Number("algonauts_fixtures", "MEG_late", "p"), json.GetProperty("p_value").GetDouble());
        Assert.Equal("Late", json.GetProperty("algonauts").GetProperty("region").GetString());
        Close(100 * Number("algonauts_fixtures", "MEG_late", "mean_r2") / 0.2275, json.GetProperty("percent_of_noise_ceiling").GetDouble());
        Assert.Equal(20, json.GetProperty("n_time_points").GetInt32());
    }

    [Fact]
    public void AlgonautsMegNeedsFourDimensionalTarget()
    {
        var (exit, _, stderr) = CliHarness.Run("score", "--model", TestPaths.Fixture("submit_model_v5.mat") + ":IT_RDMs",
            "--target", TestPaths.Fixture("target_fmri_v5.mat") + ":IT_RDMs", "--algonauts", "meg");
        Assert.Equal(2, exit);
        Assert.Contains("MEG track needs subjects x time points x n x n", stderr);
    }

    [Fact]
    public void ConditionCountMismatchIsAClearError()
    {
        var (exit, _, stderr) = CliHarness.Run("score", "--model", TestPaths.Fixture("submit_model_v5.mat") + ":IT_RDMs", "--target", BrainRdms);
        Assert.Equal(2, exit);
        Assert.Contains("12 conditions", stderr);
        Assert.Contains("92", stderr);
    }

    [Fact]
    public void TableOutputAndBootstrapRun()
    {
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", MonkeyNpy(), "--target", BrainRdms, "--bootstrap", "50", "--seed", "3");
        Assert.True(exit == 0, stderr);
        Assert.Contains("mean r²", stdout);
        Assert.Contains("CI of mean, over conditions", stdout);
        // Intervals print as [lower, upper], the spec names in full above the table.
        Assert.Matches(@"over subjects\s*│\s*\[0\.\d{4}, 0\.\d{4}\]\s*│", stdout);
        Assert.Contains($"target: {BrainRdms}", stdout);
    }

    [Fact]
    public void NoiseCeilingCommandPrintsBounds()
    {
        var (exit, stdout, stderr) = CliHarness.Run("noise-ceiling", "--target", BrainRdms, "--nc-pooling", "raw", "--json");
        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Close(Number("noise_ceiling_spearman", "hIT_8_session_rdms", "lower"), json.GetProperty("lower").GetDouble());
        Close(Number("noise_ceiling_spearman", "hIT_8_session_rdms", "upper"), json.GetProperty("upper").GetDouble());
        Assert.Equal("raw", json.GetProperty("pooling").GetString());
    }

    static readonly JsonElement Rsatoolbox = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("rsatoolbox_reference.json"))).RootElement;

    [Theory]
    [InlineData("rho-a", "rho-a")]
    [InlineData("corr", "corr")]
    public void NoiseCeilingPoolsAsRsatoolboxByDefaultAndSaysSo(string metric, string key)
    {
        var expected = Rsatoolbox.GetProperty("sessions8").GetProperty("noise_ceiling").GetProperty(key);
        var (exit, stdout, stderr) = CliHarness.Run("noise-ceiling", "--target", BrainRdms, "--metric", metric, "--json");
        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("matched", json.GetProperty("pooling").GetString());
        Close(expected[0].GetDouble(), json.GetProperty("lower").GetDouble());
        Close(expected[1].GetDouble(), json.GetProperty("upper").GetDouble());
        (exit, stdout, stderr) = CliHarness.Run("noise-ceiling", "--target", BrainRdms, "--metric", metric);
        Assert.True(exit == 0, stderr);
        Assert.Contains("matched (", stdout);
    }

    [Theory]
    [InlineData("kendall", "kendall")]
    [InlineData("tau-b", "kendall")]
    [InlineData("corr_cov", "corr_cov")]
    [InlineData("cosine-cov", "cosine_cov")]
    public void ScoreAcceptsRsatoolboxMethods(string metric, string key)
    {
        var expected = Rsatoolbox.GetProperty("sessions8").GetProperty("compare").GetProperty(key).GetProperty("per");
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", MonkeyNpy(), "--target", BrainRdms, "--metric", metric, "--bootstrap", "20", "--json");
        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        var perSubject = json.GetProperty("per_subject").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int k = 0; k < 8; k++) Close(expected[k].GetDouble(), perSubject[k]);
        Assert.Equal("matched", json.GetProperty("noise_ceiling").GetProperty("pooling").GetString());
        // Whitening spans whole RDMs, so only subjects are resampled for those; the note says why.
        bool whitened = key.EndsWith("_cov", StringComparison.Ordinal);
        Assert.Equal(!whitened, json.GetProperty("bootstrap").TryGetProperty("over_conditions", out _));
        if (whitened) Assert.Contains("no bootstrap over conditions", stderr);
    }
}
