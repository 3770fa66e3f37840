using System.Text.Json;
using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Tests.Cli;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Rdms;

/// <summary>An undefined comparison (a constant RDM, an all-NaN one) carries its reason to the score table and JSON.</summary>
public sealed class UndefinedComparisonTests() : TempFolderTests("undefined")
{
    static readonly double[] Subject = RdmFiles.LoadStack(BrainRdms)[0].Vector;

    [Fact]
    public void ReasonsNameTheRdmThatMakesTheComparisonUndefined()
    {
        var constant = Enumerable.Repeat(1.0, Subject.Length).ToArray();
        var allNaN = Enumerable.Repeat(double.NaN, Subject.Length).ToArray();
        Assert.True(double.IsNaN(RdmComparison.Compare(constant, Subject)));
        Assert.Equal("model RDM is constant", UndefinedComparison.Reason(constant, Subject, ComparisonMethod.Spearman, "model RDM", "subject RDM"));
        Assert.Equal("subject RDM is constant", UndefinedComparison.Reason(Subject, constant, ComparisonMethod.Pearson, "model RDM", "subject RDM"));
        Assert.Equal("model RDM is entirely NaN", UndefinedComparison.Reason(allNaN, Subject, ComparisonMethod.Spearman, "model RDM", "subject RDM"));
        Assert.Equal("model RDM is all zeros", UndefinedComparison.Reason(new double[Subject.Length], Subject, ComparisonMethod.Cosine, "model RDM", "subject RDM"));
        // Constant only where the other RDM is defined: the comparison is undefined all the same.
        var half = Subject.Select((v, i) => i % 2 == 0 ? double.NaN : v).ToArray();
        var alternating = Subject.Select((_, i) => i % 2 == 0 ? 5.0 : 1.0).ToArray();
        Assert.True(double.IsNaN(RdmComparison.Compare(alternating, half)));
        Assert.Equal("model RDM is constant over the pairs defined in both RDMs", UndefinedComparison.Reason(alternating, half, ComparisonMethod.Spearman, "model RDM", "subject RDM"));
        Assert.Null(UndefinedComparison.Reason(Subject, RdmFiles.LoadStack(BrainRdms)[1].Vector, ComparisonMethod.Spearman));
    }

    /// <summary>A 92 x 92 RDM with every dissimilarity 1 (and a zero diagonal), as .npy.</summary>
    string ConstantModel()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "constant.npy");
        Npy.Write(path, new NdArray([92, 92], Enumerable.Range(0, 92 * 92).Select(k => k / 92 == k % 92 ? 0.0 : 1.0).ToArray()));
        return path;
    }

    [Fact]
    public void TheScoreTableSaysWhyAConstantModelHasNoScore()
    {
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", ConstantModel(), "--target", BrainRdms, "--bootstrap", "0");
        Assert.True(exit == 0, stderr);
        Assert.Matches(@"│ mean\s+│ n/a \(model RDM is constant\) │", stdout);
        Assert.Matches(@"│ mean r²\s+│ n/a \(model RDM is constant\) │", stdout);
        Assert.Equal(8, stdout.Split('\n').Count(l => l.Contains("│ n/a (model RDM is constant) │") && l.TrimStart('│', ' ').Length > 0 && char.IsDigit(l.TrimStart('│', ' ')[0])));
    }

    [Fact]
    public void JsonGivesNullAndTheReason()
    {
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", ConstantModel(), "--target", BrainRdms, "--bootstrap", "0", "--json");
        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("mean").ValueKind);
        Assert.Equal("model RDM is constant", json.GetProperty("undefined_reason").GetString());
        Assert.All(json.GetProperty("per_subject_undefined_reasons").EnumerateArray(), r => Assert.Equal("model RDM is constant", r.GetString()));
    }

    [Fact]
    public void ADefinedScoreHasNoReason()
    {
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", Supplemental("RDMs_mIT_hIT_fig1.RDM") + "[0]", "--target", BrainRdms, "--bootstrap", "0", "--json");
        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.False(json.TryGetProperty("undefined_reason", out _));
        Assert.False(json.TryGetProperty("per_subject_undefined_reasons", out _));
    }
}
