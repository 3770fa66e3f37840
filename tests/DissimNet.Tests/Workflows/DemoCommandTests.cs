using System.Text.Json;
using System.Text.RegularExpressions;
using DissimNet.IO;
using DissimNet.Tests.Cli;
using DissimNet.Training;

namespace DissimNet.Tests.Workflows;

/// <summary><c>dissimnet demo --quick</c> end to end on the embedded data and network (the slowest test, about a minute).</summary>
public sealed class DemoCommandTests() : TempFolderTests("demo")
{
    string folder => TempRoot;

    [Fact]
    public void QuickDemoWritesAReportWithEveryFigureAndFiniteScores()
    {
        var (code, stdout, stderr) = CliHarness.Run("demo", "--quick", "--out", folder);
        Assert.True(code == 0, stderr);
        var html = new RunFolder(folder).ReportPath;
        Assert.Contains($"Report: {html}", stdout);
        Assert.Contains("noise ceiling", stdout);
        ResultsOnly.AssertNoProgress("demo", stdout); // the demo's share of StdoutResultsOnlyTests (run here, where the demo runs anyway)
        Assert.Contains("done in", stderr); // its progress went to stderr

        // Every figure the page references exists, and none was skipped for missing data.
        var page = File.ReadAllText(html);
        var images = Regex.Matches(page, "<img src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(9, images.Count); // full-set profile, held-out profile, curves, selection, 3 RDMs, 2 MDS
        foreach (var image in images) Assert.True(new FileInfo(Path.Combine(folder, image)).Length > 1000, image);
        Assert.DoesNotContain("class=\"missing\"", page);
        Assert.Contains("dissimnet demo --quick --out", page);

        var summary = TrainingSummary.Load(new RunFolder(folder).SummaryPath);
        Assert.True(summary.Complete);
        Assert.Equal(15, summary.Split.Val.Length);
        Assert.Equal(46, summary.Split.Test.Length);
        Assert.Equal(31, summary.Split.Train.Length);
        Assert.Contains("Test images (46 of 92, never used for any choice)", stdout);
        Assert.Contains("trained, on test images", page);
        Assert.True(double.IsFinite(summary.Test!.Selected!.Test) && double.IsFinite(summary.Test.Pretrained!.Test));
        Assert.Equal(4, summary.Validation.Subjects);
        Assert.Equal(["stage4", "pool"], summary.Baseline.Keys);
        Assert.Equal("stage4", summary.TrainLayer);
        var scores = summary.Baseline.Values.Concat(summary.Final.Values).Append(summary.Best!.Score)
            .Append(summary.NoiseCeiling!.Lower).Append(summary.NoiseCeiling.Upper);
        Assert.All(scores, s => Assert.True(double.IsFinite(s), $"{s}"));
        Assert.True(summary.NoiseCeiling.Lower < summary.NoiseCeiling.Upper);
        Assert.Equal(15, JsonSerializer.Deserialize<string[]>(File.ReadAllText(new RunFolder(folder).CategoriesPath))!.Length);
        Assert.Equal(3, Npz.Read(new RunFolder(folder).TestRdmsPath).Count);
        Assert.Equal(3, Npz.Read(new RunFolder(folder).RdmsPath).Count);
    }
}
