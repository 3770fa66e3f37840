using System.Reflection;
using System.Text.Json;
using DissimNet.Reports;
using DissimNet.Training;

namespace DissimNet.Tests.Reports;

/// <summary>The report reads a run folder through the trainer's own schema and names its files only through <see cref="RunFolder"/>.</summary>
public class RunFolderSchemaTests
{
    static TrainingSummary Summary() => new()
    {
        Architecture = "tiny",
        TrainLayer = "conv3",
        ScoreMethod = "mean Kendall tau-a over subjects",
        Split = new SplitRecord { Set = "a", Train = [0, 2, 3, 5], Val = [1, 4, 6] },
        Baseline = new() { ["conv1"] = double.NaN, ["conv2"] = 0.25, ["conv3"] = 0.125 },
        Epochs =
        [
            new EpochRecord { Epoch = 1, TrainLoss = 0.75, Val = new() { ["conv1"] = double.NaN, ["conv2"] = 0.3, ["conv3"] = 0.5, ["fc"] = 0.0625 }, Seconds = 3.5 },
            new EpochRecord { Epoch = 2, TrainLoss = double.NaN, Val = new() { ["conv1"] = 0.1, ["conv2"] = 0.35, ["conv3"] = 0.45, ["fc"] = 0.07 }, Seconds = 4.25 },
        ],
        Best = new BestRecord("conv3", 1, 0.5),
        Final = new() { ["conv1"] = 0.1, ["conv2"] = 0.35, ["conv3"] = 0.45, ["fc"] = 0.07 },
        NoiseCeiling = new CeilingRecord(double.NaN, 0.75),
        Settings = new TrainingSettings
        {
            TrainLayer = "conv3", CandidateLayers = ["conv1", "conv2", "conv3", "fc"], LearningRate = 0.02, Epochs = 2, Seed = 7,
            Network = new NetworkSource("tiny", null, 16), Command = "dissimnet train --epochs 2",
        },
    };

    [Fact]
    public void The_report_reads_what_the_trainer_writes_with_the_same_values()
    {
        var run = new RunFolder(FigureFiles.Folder("schema-round-trip"));
        run.WriteSummary(Summary());
        var json = File.ReadAllText(run.SummaryPath);
        Assert.Contains("\"conv1\": null", json);
        Assert.DoesNotContain("NaN", json);

        var data = RunFolderReader.Read(run.Path);
        Assert.Equal("tiny", data.Architecture);
        Assert.Equal("conv3", data.TrainLayer);
        Assert.Equal("mean Kendall tau-a over subjects", data.ScoreMethod);
        Assert.Equal(["conv1", "conv2", "conv3", "fc"], data.Layers);   // baseline keys first, then layers only the epochs scored
        Assert.Equal([0, 2, 3, 5], data.TrainImages);
        Assert.Equal([1, 4, 6], data.HeldOutImages);
        Assert.True(double.IsNaN(data.Baseline["conv1"]));
        Assert.Equal(0.25, data.Baseline["conv2"]);
        Assert.Equal(0.45, data.Final["conv3"]);
        Assert.Equal([1, 2], data.Epochs.Select(e => e.Epoch));
        Assert.Equal(0.75, data.Epochs[0].TrainLoss);
        Assert.True(double.IsNaN(data.Epochs[1].TrainLoss));
        Assert.Equal([3.5, 4.25], data.Epochs.Select(e => e.Seconds));
        Assert.Equal(0.0625, data.ScoreAt("fc", 1));
        Assert.True(double.IsNaN(data.ScoreAt("conv1", 1)));
        Assert.Equal(new BestCell("conv3", 1, 0.5), data.Best);
        Assert.True(double.IsNaN(data.NoiseCeiling!.Value.Lower));
        Assert.Equal(0.75, data.NoiseCeiling.Value.Upper);
        Assert.Equal("dissimnet train --epochs 2", data.Command);

        // Settings rows: every field of summary.json's settings but the command, in the file's order, shown as the file holds them.
        using var document = JsonDocument.Parse(json);
        var stored = document.RootElement.GetProperty("settings").EnumerateObject().Where(p => p.Name != "command").Select(p => p.Name);
        Assert.Equal(stored, data.Settings.Select(s => s.Key));
        var rows = data.Settings.ToDictionary(s => s.Key, s => s.Value);
        Assert.Equal("0.02", rows["learning_rate"]);
        Assert.Equal("conv1, conv2, conv3, fc", rows["candidate_layers"]);
        Assert.Equal("best", rows["keep"]);   // enums as the summary writes them
        Assert.Equal("float32", rows["checkpoint_precision"]);
        Assert.Equal(document.RootElement.GetProperty("settings").GetProperty("network").GetRawText(), rows["network"]);
        Assert.Contains($"{RunFolder.RdmsFile} not found", Assert.Single(data.Notes));
    }

    [Fact]
    public void Old_runs_with_NaN_strings_still_read()
    {
        var run = new RunFolder(FigureFiles.Folder("schema-old-nan"));
        run.WriteSummary(Summary());
        var json = File.ReadAllText(run.SummaryPath);
        File.WriteAllText(run.SummaryPath, json.Replace("\"conv1\": null", "\"conv1\": \"NaN\"").Replace("\"train_loss\": null", "\"train_loss\": \"NaN\""));

        var data = RunFolderReader.Read(run.Path);
        Assert.True(double.IsNaN(data.Baseline["conv1"]));
        Assert.True(double.IsNaN(data.Epochs[1].TrainLoss));
        Assert.Equal(0.1, data.ScoreAt("conv1", 2));
    }

    [Fact]
    public void A_malformed_summary_is_a_clear_error()
    {
        var run = new RunFolder(FigureFiles.Folder("schema-malformed"));
        File.WriteAllText(run.SummaryPath, "{ \"baseline\": [1, 2] }");
        var error = Assert.Throws<DissimNetException>(() => RunFolderReader.Read(run.Path));
        Assert.Contains(run.SummaryPath, error.Message);
    }

    /// <summary>File names of a run folder: the string constants of <see cref="RunFolder"/>.</summary>
    static IEnumerable<string> RunFolderNames() =>
        typeof(RunFolder).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && (f.Name.EndsWith("File") || f.Name.EndsWith("Folder")))
            .Select(f => (string)f.GetRawConstantValue()!);

    [Theory]
    [InlineData("src/DissimNet/Reports")]
    [InlineData("src/DissimNet/Workflows")]
    public void Reports_and_workflows_name_run_folder_files_only_through_RunFolder(string folder)
    {
        var names = RunFolderNames().ToArray();
        Assert.Contains("summary.json", names);
        Assert.Contains("profile.json", names);
        Assert.Contains("report.html", names);
        var offending = Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, folder), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => !x.line.TrimStart().StartsWith("//"))   // doc comments may name the files
            .Where(x => names.Any(name => x.line.Contains($"\"{name}") || x.line.Contains($"{name}\"") || x.line.Contains($"{name}/")))
            .Select(x => $"{Path.GetFileName(x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offending.Count == 0, "use the RunFolder constants instead of:\n" + string.Join("\n", offending));
    }
}
