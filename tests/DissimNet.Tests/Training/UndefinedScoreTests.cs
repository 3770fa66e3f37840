using DissimNet.Rdms;
using System.Text.Json;
using DissimNet.Networks;
using DissimNet.Reports;
using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>An undefined (NaN) validation score never wins the best (layer, epoch), is named as such, and is stored as JSON null.</summary>
public sealed class UndefinedScoreTests() : TempFolderTests("undefined-scores")
{
    [Fact]
    public void TopAndDescribeSkipUndefinedScores()
    {
        var scores = new Dictionary<string, double> { ["conv1"] = double.NaN, ["conv2"] = 0.3, ["conv3"] = 0.3, ["conv4"] = 0.1 };
        Assert.Equal(("conv2", 0.3), LayerScores.Top(scores));
        Assert.Equal("best layer conv2 0.3000 (1 of 4 layers have no score)", LayerScores.Describe(scores));
        var none = new Dictionary<string, double> { ["conv1"] = double.NaN, ["conv2"] = double.NaN };
        Assert.Null(LayerScores.Top(none));
        Assert.Equal("no layer has a score (all 2 are NaN)", LayerScores.Describe(none));
        Assert.Equal("no layers scored", LayerScores.Describe(new Dictionary<string, double>()));
    }

    [Fact]
    public void AnUndefinedScoreNeverWinsAndIsWrittenAsNull()
    {
        var folder = Path.Combine(TempRoot, "first-undefined");
        var notes = new Notes();
        using ITappableNetwork net = new TinyConvNet(seed: 21);
        var scorer = new UndefinedAt(net.Layers.Count, layer => layer == 0); // conv1, first in every map
        var summary = new SiameseTrainer(net, Settings(2), scorer, notes).Run(TrainingFixtures.TwoSets(), folder);

        var finite = summary.Baseline.Select(kv => (kv.Key, Epoch: 0, kv.Value))
            .Concat(summary.Epochs.SelectMany(e => e.Val.Select(kv => (kv.Key, e.Epoch, kv.Value)))).Where(c => double.IsFinite(c.Value)).ToList();
        Assert.Equal(3 * 5, finite.Count);
        var expected = finite.MaxBy(c => c.Value);
        Assert.Equal(new BestRecord(expected.Key, expected.Epoch, expected.Value), summary.Best);
        Assert.StartsWith("baseline: best layer ", notes.Lines[0]);
        Assert.EndsWith("(1 of 6 layers have no score)", notes.Lines[0]);
        Assert.DoesNotContain("conv1", notes.Lines[0]);

        // summary.json and metrics.jsonl hold null, never "NaN", and read back as NaN.
        var json = File.ReadAllText(new RunFolder(folder).SummaryPath);
        var metrics = File.ReadAllLines(new RunFolder(folder).MetricsPath);
        Assert.DoesNotContain("NaN", json + string.Concat(metrics));
        using (var document = JsonDocument.Parse(json))
            Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("baseline").GetProperty("conv1").ValueKind);
        Assert.Equal(2, metrics.Length);
        var second = JsonSerializer.Deserialize<EpochRecord>(metrics[1], TrainingSummary.Json)!;
        Assert.True(double.IsNaN(second.Val["conv1"]));
        Assert.Equal(summary.Epochs[1].Val["conv3"], second.Val["conv3"]);
        var loaded = TrainingSummary.Load(new RunFolder(folder).SummaryPath);
        Assert.True(double.IsNaN(loaded.Baseline["conv1"]));
        Assert.Equal(SiameseTrainerTests.Numbers(summary), SiameseTrainerTests.Numbers(loaded));

        var report = RunFolderReader.Read(folder);
        Assert.True(double.IsNaN(report.Baseline["conv1"]));
        Assert.Equal(new BestCell(expected.Key, expected.Epoch, expected.Value), report.Best);
    }

    [Fact]
    public void WhenNoLayerHasAScoreTheMessagesSaySoAndTheReportStillReads()
    {
        var folder = Path.Combine(TempRoot, "all-undefined");
        var notes = new Notes();
        using ITappableNetwork net = new TinyConvNet(seed: 21);
        var summary = new SiameseTrainer(net, Settings(1), new UndefinedAt(net.Layers.Count, _ => true), notes).Run(TrainingFixtures.TwoSets(), folder);

        Assert.Equal("baseline: no layer has a score (all 6 are NaN)", notes.Lines[0]);
        Assert.Matches(@"^epoch 1: train loss \d\.\d{4}; no layer has a score \(all 6 are NaN\)$", notes.Lines[1]);
        Assert.Null(summary.Best);
        using (var document = JsonDocument.Parse(File.ReadAllText(new RunFolder(folder).SummaryPath)))
            Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("best").ValueKind);
        var report = RunFolderReader.Read(folder);
        Assert.Null(report.Best);
        Assert.All(report.Baseline.Values, v => Assert.True(double.IsNaN(v)));
    }

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

    static TrainingSettings Settings(int epochs) => new() { TrainLayer = "conv3", Epochs = epochs, BatchSize = 6, LearningRate = 0.05, Seed = 3 };

    /// <summary>The RSA score, except NaN (as for a constant RDM) for the layers at the chosen positions of every round of scoring.</summary>
    sealed class UndefinedAt(int layers, Func<int, bool> undefined) : IRdmScorer
    {
        readonly RsaScorer inner = new();
        int calls;
        public string Method => inner.Method;
        public double Score(Rdm predicted, RdmStack subjects) =>
            undefined(calls++ % layers) ? double.NaN : inner.Score(predicted, subjects);
        public (double Lower, double Upper)? NoiseCeiling(RdmStack subjects) => inner.NoiseCeiling(subjects);
    }

    sealed class Notes : IProgressSink
    {
        public List<string> Lines { get; } = [];
        public void Begin(string task, long total) { }
        public void Report(long done, string? detail = null) { }
        public void End() { }
        public void Note(string message) => Lines.Add(message);
    }
}
