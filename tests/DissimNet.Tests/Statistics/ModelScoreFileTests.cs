using DissimNet.Rdms;
using DissimNet.Statistics;

namespace DissimNet.Tests.Statistics;

/// <summary>A score written by <see cref="ModelScoreFile"/> reads back the same, NaN and all.</summary>
public sealed class ModelScoreFileTests() : TempFolderTests("score-file")
{
    [Fact]
    public void AScoreReadsBackAsWritten()
    {
        var score = new ModelScore
        {
            Method = ComparisonMethod.Pearson, ConditionCount = 12, TimeCount = 3, PerSubject = [0.25, double.NaN, -0.5],
            PerSubjectUndefined = [null, "subject RDM is constant", null], ExcludedSubjects = [1], Mean = double.NaN, MeanR2 = 0.1,
            R2Test = new TTestResult(1.5, 2, 0.27), NoiseCeiling = new NoiseCeilingBounds(0.3, 0.6), NoiseCeilingPooling = NoiseCeilingPooling.Matched,
            BootstrapOverSubjects = new BootstrapResult(new ConfidenceInterval(-0.1, 0.4, 0.95), new ConfidenceInterval(0, 0.2, 0.95), 0.05, 100, 98),
        };
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "score.json");
        ModelScoreFile.Write(score, path);
        var back = ModelScoreFile.Read(path);
        Assert.Equal((score.Method, score.ConditionCount, score.TimeCount, score.MeanR2), (back.Method, back.ConditionCount, back.TimeCount, back.MeanR2));
        Assert.Equal(score.PerSubject, back.PerSubject); // NaN equals NaN here
        Assert.True(double.IsNaN(back.Mean));
        Assert.Equal(score.PerSubjectUndefined, back.PerSubjectUndefined);
        Assert.Equal(score.ExcludedSubjects, back.ExcludedSubjects);
        Assert.Equal((score.R2Test, score.NoiseCeiling, score.BootstrapOverSubjects!.Mean), (back.R2Test, back.NoiseCeiling, back.BootstrapOverSubjects!.Mean));
        Assert.Null(back.BootstrapOverConditions);
    }

    [Fact]
    public void AFileThatIsNotAScoreIsOneLine()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "other.json");
        File.WriteAllText(path, """{"metric": "spearman", "mean": 0.2}""");
        var e = Assert.Throws<DissimNetException>(() => ModelScoreFile.Read(path));
        Assert.StartsWith($"{path}: not a score file (", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
