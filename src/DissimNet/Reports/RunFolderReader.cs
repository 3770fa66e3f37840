using System.Text.Json;
using DissimNet.IO;
using DissimNet.Training;

namespace DissimNet.Reports;

/// <summary>Reads a training run folder into <see cref="RunReportData"/>.</summary>
/// <remarks>
/// The folder is read through <see cref="RunFolder"/> and <see cref="TrainingSummary.Load"/>, the code the trainer writes it
/// with, so the report and the trainer share one schema (see <see cref="TrainingSummary"/> for the fields). Only the summary
/// is required; without <see cref="RunFolder.RdmsFile"/> or <see cref="RunFolder.CategoriesFile"/> the report skips their
/// figures with a note, and <see cref="RunFolder.ProfileFile"/> (see <see cref="FullSetProfileFile"/>) is optional without one.
/// Layer order (forward order) is the key order of the baseline scores, then of the epochs' scores. An undefined score is
/// null (the string "NaN" in older runs) and reads as NaN.
/// </remarks>
internal static class RunFolderReader
{
    /// <summary>Reads the run folder; throws <see cref="DissimNetException"/> when the summary is missing or malformed.</summary>
    public static RunReportData Read(string folder)
    {
        if (!Directory.Exists(folder)) throw new DissimNetException($"{folder}: run folder not found");
        var run = new RunFolder(folder);
        if (!run.HasSummary) throw new DissimNetException($"{run.SummaryPath}: not found; a training run folder holds {RunFolder.SummaryFile}");
        var summary = TrainingSummary.Load(run.SummaryPath);

        var notes = new List<string>();
        var epochs = summary.Epochs.Select(e => new EpochScores(e.Epoch, e.TrainLoss, e.Val, e.Seconds)).ToList();
        var layers = summary.Baseline.Keys.Concat(summary.Epochs.SelectMany(e => e.Val.Keys)).Distinct().ToList();

        // A run whose every score was undefined records no best, or (in older runs) one without a layer and with a null score.
        var best = summary.Best is { Layer: { Length: > 0 } bestLayer } b && !double.IsNaN(b.Score) ? new BestCell(bestLayer, b.Epoch, b.Score) : null;

        var (command, settings) = SettingsRows(summary.Settings);
        if (command is null) notes.Add($"{RunFolder.SummaryFile} records no command line (settings.command)");

        var heldOut = summary.Split.Val;
        return new RunReportData
        {
            Source = Path.GetFullPath(folder),
            Architecture = summary.Architecture,
            TrainLayer = summary.TrainLayer,
            Layers = layers,
            TrainImages = summary.Split.Train,
            HeldOutImages = heldOut,
            Baseline = summary.Baseline,
            Final = summary.Final,
            Epochs = epochs,
            Best = best,
            Test = summary.Test is { } test ? new TestResult(test.Images, test.Selection, test.Selected, test.Pretrained, test.BestTestCellOptimistic,
                test.NoiseCeiling is { } tc ? (tc.Lower, tc.Upper) : null,
                best is null ? [] : Enumerable.Range(0, summary.Epochs.Count + 1).Select(e => TestScores.TestOf(summary, e).GetValueOrDefault(best.Layer, double.NaN)).ToArray())
                : null,
            NoiseCeiling = summary.NoiseCeiling is { } c ? (c.Lower, c.Upper) : null,
            ScoreMethod = summary.ScoreMethod,
            Command = command,
            Settings = settings,
            Rdms = CheckedAgainstSplit(ReadRdms(run, notes), heldOut.Length, notes),
            FullSetProfile = File.Exists(run.ProfilePath) ? FullSetProfileFile.Read(run.ProfilePath) : null,
            Notes = notes,
        };
    }

    /// <summary>The command line and the other settings as name/value pairs, named and ordered as summary.json stores them.</summary>
    /// <remarks>A command recorded as null stays a row of the table, as it did when the report parsed the JSON itself.</remarks>
    static (string? Command, List<KeyValuePair<string, string>> Rows) SettingsRows(TrainingSettings? settings)
    {
        var rows = new List<KeyValuePair<string, string>>();
        if (settings is null) return (null, rows);
        var commandName = TrainingSummary.Json.PropertyNamingPolicy!.ConvertName(nameof(TrainingSettings.Command));
        // Serialised as part of the summary, so nested values keep the indentation they have in the file.
        var element = JsonSerializer.SerializeToElement(new TrainingSummary { Settings = settings }, TrainingSummary.Json)
            .GetProperty(TrainingSummary.Json.PropertyNamingPolicy.ConvertName(nameof(TrainingSummary.Settings)));
        foreach (var p in element.EnumerateObject())
            if (p.Name != commandName || settings.Command is null) rows.Add(new(p.Name, Display(p.Value)));
        return (settings.Command, rows);
    }

    /// <summary>Reads rdms.npz and categories.json when present; missing or unreadable parts become notes.</summary>
    static HeldOutRdms? ReadRdms(RunFolder run, List<string> notes)
    {
        double[,]? target = null, baseline = null, trained = null;
        if (File.Exists(run.RdmsPath))
        {
            var arrays = Npz.Read(run.RdmsPath).ToDictionary(p => p.Key, p => p.Value);
            target = Square(arrays, RunFolder.TargetRdmName, run.RdmsPath, notes);
            baseline = Square(arrays, RunFolder.BaselineRdmName, run.RdmsPath, notes);
            trained = Square(arrays, RunFolder.TrainedRdmName, run.RdmsPath, notes);
        }
        else notes.Add($"{RunFolder.RdmsFile} not found: the run saved no held-out RDMs, so RDM heatmaps and MDS are skipped");

        var categories = run.ReadCategories();
        if (categories is null && File.Exists(run.RdmsPath)) notes.Add($"{RunFolder.CategoriesFile} not found: RDMs are shown without category blocks");

        return target is null && baseline is null && trained is null && categories is null ? null
            : new HeldOutRdms(target, baseline, trained, categories);
    }

    /// <summary>Notes RDMs whose size disagrees with the held-out split (they are still drawn: they say what they hold).</summary>
    static HeldOutRdms? CheckedAgainstSplit(HeldOutRdms? rdms, int heldOut, List<string> notes)
    {
        if (rdms is null || heldOut == 0) return rdms;
        foreach (var (name, matrix) in new[] { (RunFolder.TargetRdmName, rdms.Target), (RunFolder.BaselineRdmName, rdms.Baseline), (RunFolder.TrainedRdmName, rdms.Trained) })
            if (matrix is not null && matrix.GetLength(0) != heldOut)
                notes.Add($"{RunFolder.RdmsFile}: '{name}' covers {matrix.GetLength(0)} images but split.val lists {heldOut}");
        if (rdms.Categories is { } c && c.Count != heldOut)
            notes.Add($"{RunFolder.CategoriesFile}: {c.Count} categories but split.val lists {heldOut} images");
        return rdms;
    }

    static double[,]? Square(Dictionary<string, NdArray> arrays, string name, string path, List<string> notes)
    {
        if (!arrays.TryGetValue(name, out var array))
        {
            notes.Add($"{path}: no array '{name}'");
            return null;
        }
        return RdmMatrix.FromArray(array, $"{path}:{name}");
    }

    static string Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "(none)",
        JsonValueKind.Array when value.EnumerateArray().All(x => x.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
            string.Join(", ", value.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText())),
        _ => value.GetRawText(),
    };
}
