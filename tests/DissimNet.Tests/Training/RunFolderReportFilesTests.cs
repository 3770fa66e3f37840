using DissimNet.Rdms;
using System.Text.Json;
using DissimNet.IO;
using DissimNet.Reports;
using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>What a training run leaves for the report: rdms.npz, categories.json, settings.command, layers named as requested.</summary>
public sealed class RunFolderReportFilesTests() : TempFolderTests("report-files")
{
    string folder => TempRoot;

    static TrainingData HeldOut(string[] categories) => TrainingData.WithHoldout(
        [new ImageSetWithRdms("a", TrainingFixtures.Images(12, 1), TrainingFixtures.SubjectRdms(4, 12, 2), "a.mat: RDMs")], "a", 0.5, 4, TargetTransform.ZScore, categories);

    static TrainingSettings Settings(int epochs, string command) => new()
    {
        TrainLayer = "conv3",
        CandidateLayers = ["conv2", "last"],
        Epochs = epochs,
        BatchSize = 6,
        LearningRate = 0.05,
        Seed = 3,
        Command = command,
    };

    [Fact]
    public void RunFolderHoldsHeldOutRdmsCategoriesAndCommandAndResumesUnderAnotherCommand()
    {
        var categories = Enumerable.Range(0, 12).Select(i => i < 6 ? "face" : "body").ToArray();
        var data = HeldOut(categories);
        using (var net = new TinyConvNet(seed: 21))
            new SiameseTrainer(net, Settings(1, "dissimnet train --epochs 1"), new RsaScorer()).Run(data, folder);
        TrainingSummary summary;
        // Only --epochs and the command line differ: the run resumes.
        using (var net = new TinyConvNet(seed: 21))
            summary = new SiameseTrainer(net, Settings(3, "dissimnet train --epochs 3 --resume"), new RsaScorer()).Run(data, folder, resume: true);

        // Scores are keyed by the names asked for ("last" is an alias of conv3, the trained layer).
        Assert.Equal(["conv2", "last"], summary.Baseline.Keys);
        Assert.Equal("last", summary.TrainLayer);
        Assert.Equal("dissimnet train --epochs 3 --resume", summary.Settings!.Command);
        using (var json = JsonDocument.Parse(File.ReadAllText(new RunFolder(folder).SummaryPath)))
            Assert.Equal("dissimnet train --epochs 3 --resume", json.RootElement.GetProperty("settings").GetProperty("command").GetString());

        Assert.Equal(summary.Split.Val.Select(i => categories[i]), JsonSerializer.Deserialize<string[]>(File.ReadAllText(new RunFolder(folder).CategoriesPath)));
        var rdms = Npz.Read(new RunFolder(folder).RdmsPath).ToDictionary(p => p.Key, p => p.Value);
        int n = summary.Split.Val.Length;
        foreach (var name in new[] { "target_val", "baseline_best", "trained_best" }) Assert.Equal([n, n], rdms[name].Shape);
        var subjects = data.Validation.Subjects;
        Rdm Vector(string name) => Rdm.FromSquare(rdms[name].ToDoubleArray(), n);
        // target_val is the subjects' mean; the two network RDMs reproduce the recorded best scores.
        var mean = Enumerable.Range(0, subjects.PairCount).Select(k => Enumerable.Range(0, subjects.Count).Average(s => subjects.Vector(s)[k])).ToArray();
        Assert.Equal(mean, Vector("target_val").Vector, (a, b) => Math.Abs(a - b) < 1e-12);
        var scorer = new RsaScorer();
        Assert.Equal(summary.Baseline.Values.Max(), scorer.Score(Vector("baseline_best"), subjects), 5);
        Assert.Equal(summary.Best!.Score, scorer.Score(Vector("trained_best"), subjects), 5);

        // The report reads all of it without notes about missing files.
        var report = RunFolderReader.Read(folder);
        Assert.Empty(report.Notes);
        Assert.Equal(categories.Length / 2, report.Rdms!.Categories!.Count);
    }

    [Fact]
    public void CategoriesOfTheWrongLengthAreAnError()
    {
        var error = Assert.ThrowsAny<DissimNetException>(() => HeldOut(["face", "body"]));
        Assert.Contains("2 category labels", error.Message);
    }
}
