using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>A summary.json whose best layer (or test-selected layer) is not one of the layers the run scored is refused when
/// read, in one line, instead of being used silently.</summary>
public sealed class SummaryCandidateLayerTests() : TempFolderTests("summary-layer")
{
    static TrainingSummary Summary(string bestLayer) => new()
    {
        Architecture = "tiny",
        TrainLayer = "conv3",
        ScoreMethod = "spearman",
        Baseline = new() { ["conv2"] = 0.1, ["conv3"] = 0.2 },
        Best = new BestRecord(bestLayer, 0, 0.2),
    };

    [Fact]
    public void ABestLayerThatIsNotACandidateIsRefused()
    {
        var e = Assert.Throws<DissimNetException>(() => TrainingSummaryCheck.Validate(Summary("fc9"), "run/summary.json"));
        Assert.Equal("run/summary.json: damaged training summary: best.layer 'fc9' is not among the run's candidate layers (conv2, conv3); " +
            "resume from an earlier epoch or start the run again", e.Message);
    }

    [Fact]
    public void ABestLayerAmongTheCandidatesIsAccepted() => TrainingSummaryCheck.Validate(Summary("conv2"), "run/summary.json");

    [Fact]
    public void ReadingTheFileRefusesIt()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "summary.json");
        File.WriteAllText(path, Summary("stage9").ToJson());
        var e = Assert.Throws<DissimNetException>(() => TrainingSummary.Load(path));
        Assert.StartsWith($"{path}: damaged training summary: best.layer 'stage9' is not among the run's candidate layers", e.Message);
    }
}
