using System.Text.Json;
using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>An undefined (NaN) number is stored as JSON null and read back as NaN.</summary>
public sealed class UndefinedScoreTests() : TempFolderTests("undefined-scores")
{
    [Fact]
    public void SummaryJsonRoundTripsUndefinedNumbersAndStillReadsOldNaNStrings()
    {
        var folder = Path.Combine(TempRoot, "round-trip");
        var run = new RunFolder(folder);
        run.Create();
        var summary = new TrainingSummary
        {
            Baseline = new() { ["a"] = double.NaN, ["b"] = 0.25 },
            Epochs = [new EpochRecord { Epoch = 1, TrainLoss = double.NaN, Val = new() { ["a"] = double.PositiveInfinity, ["b"] = 0.5 } }],
            Best = new BestRecord("b", 1, 0.5),
            NoiseCeiling = new CeilingRecord(double.NaN, 0.75),
        };
        run.WriteSummary(summary);
        var json = File.ReadAllText(run.SummaryPath);
        Assert.Contains("\"a\": null", json);
        Assert.Contains("\"train_loss\": null", json);
        Assert.Contains("\"lower\": null", json);
        Assert.DoesNotContain("NaN", json);
        Assert.DoesNotContain("Infinity", json);

        var loaded = TrainingSummary.Load(run.SummaryPath);
        Assert.True(double.IsNaN(loaded.Baseline["a"]));
        Assert.Equal(0.25, loaded.Baseline["b"]);
        Assert.True(double.IsNaN(loaded.Epochs[0].TrainLoss));
        Assert.True(double.IsNaN(loaded.Epochs[0].Val["a"])); // infinity has no JSON form either; it comes back undefined
        Assert.True(double.IsNaN(loaded.NoiseCeiling!.Lower));
        Assert.Equal(0.75, loaded.NoiseCeiling.Upper);
        var line = JsonSerializer.Deserialize<EpochRecord>(File.ReadAllLines(run.MetricsPath).Single(), TrainingSummary.Json)!;
        Assert.True(double.IsNaN(line.TrainLoss));
        Assert.Equal(0.5, line.Val["b"]);

        // Runs written before undefined numbers became null hold the strings "NaN" and "Infinity".
        File.WriteAllText(run.SummaryPath, json.Replace("\"a\": null", "\"a\": \"NaN\"").Replace("\"train_loss\": null", "\"train_loss\": \"Infinity\""));
        var old = TrainingSummary.Load(run.SummaryPath);
        Assert.True(double.IsNaN(old.Baseline["a"]));
        Assert.Equal(double.PositiveInfinity, old.Epochs[0].TrainLoss);
    }
}
