using DissimNet.Examples;

namespace DissimNet.Tests.Examples;

/// <summary>The sample program of docs/api.md builds (it is part of the solution) and runs: each of its four steps reports.</summary>
public sealed class QuickStartTests() : TempFolderTests("quickstart")
{
    [Fact]
    public void TheSampleProgramRunsItsFourSteps()
    {
        var log = new StringWriter();
        var folder = Path.Combine(TempRoot, "run");
        var score = QuickStart.Run(folder, log);
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("loaded 8 RDMs of 92 images", lines[0]);
        Assert.StartsWith("category model: mean Spearman", lines[1]);
        Assert.StartsWith("trained 1 epoch", lines[2]);
        Assert.StartsWith("trained network at ", lines[3]);
        Assert.True(File.Exists(Path.Combine(folder, "summary.json")));
        Assert.Equal(8, score.PerSubject.Length);
        Assert.True(double.IsFinite(score.Mean) && score.Mean is > -1 and < 1);
        Assert.True(score.NoiseCeiling is { } c && c.Lower <= c.Upper);
    }
}
