using System.Text.Json;
using System.Text.Json.Nodes;
using DissimNet.Statistics;
using DissimNet.Training;
using DissimNet.Rdms;

namespace DissimNet.Sweeps;

/// <summary>Reads every cell's status and output into one table.</summary>
/// <remarks>A cell whose output cannot be read is reported with that reason rather than stopping the collection:
/// a sweep of hundreds of cells should show what it can.</remarks>
internal static class SweepCollector
{
    /// <summary>Collects the results of a sweep folder.</summary>
    public static SweepResults Collect(SweepFolder folder)
    {
        var rows = new List<CellResult>();
        foreach (var cell in folder.Cells)
        {
            var status = folder.Status(cell);
            var metrics = new List<KeyValuePair<string, object?>>();
            double? headline = null;
            if (status.State == CellState.Done)
            {
                try
                {
                    headline = ReadOutput(folder, cell, metrics);
                }
                catch (DissimNetException e)
                {
                    status = status with { State = CellState.Failed, Error = $"done, but its output is unreadable: {e.Message}" };
                }
            }
            rows.Add(new CellResult(cell, status, metrics, headline));
        }
        return new SweepResults(folder, rows, HeadlineName(folder.Plan.Command));
    }

    /// <summary>Reads a finished cell's output (its run's summary.json, crossval.json or score.json) into <paramref name="metrics"/> and returns
    /// its headline score; the output is what makes a cell done, not the exit code of the process that should have written it.</summary>
    /// <exception cref="DissimNetException">"PATH: ..." when the output is missing, not the JSON expected, or its score is not a finite number in [-1, 1].</exception>
    public static double ReadOutput(SweepFolder folder, SweepCell cell, List<KeyValuePair<string, object?>> metrics)
    {
        var dir = folder.CellPath(cell);
        var (path, read) = folder.Plan.Command switch
        {
            CellKind.Train => (Path.Combine(dir, CellSteps.RunFolder, RunFolder.SummaryFile), (Func<double?>)(() => ReadTrain(Path.Combine(dir, CellSteps.RunFolder), metrics))),
            CellKind.Crossval => (Path.Combine(dir, CellSteps.CrossvalFolder, "crossval.json"), () => ReadCrossval(Path.Combine(dir, CellSteps.CrossvalFolder), metrics)),
            CellKind.CrossvalFold => (FoldPath(folder, cell), () => ReadFold(FoldPath(folder, cell), metrics)),
            _ => (Path.Combine(dir, CellSteps.ScoreFile), () => ReadScore(Path.Combine(dir, CellSteps.ScoreFile), metrics)),
        };
        double? headline;
        try
        {
            headline = read();
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            throw new DissimNetException($"{path}: {(e is JsonException ? "not valid JSON" : e.Message)}");
        }
        // Scores are correlations (or cosines) and their means: finite, in [-1, 1] up to rounding.
        if (headline is not { } score || !double.IsFinite(score) || Math.Abs(score) > 1 + 1e-9)
            throw new DissimNetException($"{path}: {HeadlineName(folder.Plan.Command)} is {(headline is null ? "missing" : $"{headline}")}, expected a finite number from -1 to 1");
        // A noise ceiling is a pair of such numbers with the lower bound at most the upper.
        double? Metric(string name) => metrics.LastOrDefault(m => m.Key == name).Value as double?;
        if (Metric("noise_ceiling_lower") is { } lower && Metric("noise_ceiling_upper") is { } upper
            && (Math.Abs(lower) > 1 + 1e-9 || Math.Abs(upper) > 1 + 1e-9 || lower > upper + 1e-12))
            throw new DissimNetException($"{path}: noise ceiling {lower} .. {upper}, expected a lower bound at most the upper, both from -1 to 1");
        return score;
    }

    static string HeadlineName(CellKind kind) => kind switch
    {
        CellKind.Train => "selected score (validation)",
        CellKind.Crossval => "mean test score over folds",
        CellKind.CrossvalFold => "test score of the fold (selected cell)",
        _ => "mean score over subjects",
    };

    static double? ReadTrain(string runPath, List<KeyValuePair<string, object?>> metrics)
    {
        var summary = new RunFolder(runPath).ReadSummary();
        metrics.Add(new("metric", summary.ScoreMethod));
        metrics.Add(new("epochs", summary.Epochs.Count));
        metrics.Add(new("best_layer", summary.Best?.Layer));
        metrics.Add(new("best_epoch", summary.Best?.Epoch));
        metrics.Add(new("best_val_score", Finite(summary.Best?.Score)));
        var baseline = summary.Baseline.Where(kv => double.IsFinite(kv.Value)).OrderByDescending(kv => kv.Value).FirstOrDefault();
        metrics.Add(new("pretrained_best_layer", baseline.Key));
        metrics.Add(new("pretrained_best_val_score", baseline.Key is null ? null : baseline.Value));
        metrics.Add(new("noise_ceiling_lower", Finite(summary.NoiseCeiling?.Lower)));
        metrics.Add(new("noise_ceiling_upper", Finite(summary.NoiseCeiling?.Upper)));
        metrics.Add(new("train_seconds", Math.Round(summary.Epochs.Sum(e => e.Seconds), 3)));
        return Finite(summary.Best?.Score);
    }

    /// <summary>crossval.json: the trained and pretrained mean test scores over folds, the gain with its corrected interval and
    /// p-value, and the test images' mean noise ceiling (the fold-level detail stays in the cell's crossval.json).</summary>
    static double? ReadCrossval(string folder, List<KeyValuePair<string, object?>> metrics)
    {
        var path = Path.Combine(folder, "crossval.json");
        if (!File.Exists(path)) throw new DissimNetException($"{path}: missing");
        var root = JsonNode.Parse(IO.FileBytes.ReadText(path, "a cross-validation result")) as JsonObject ?? throw new DissimNetException($"{path}: not a JSON object");
        double? Number(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
        metrics.Add(new("metric", root["score_method"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : null));
        metrics.Add(new("folds", Number(root["folds"])));
        metrics.Add(new("repeats", Number(root["repeats"])));
        var trained = Number(root["trained"]?["mean"]);
        metrics.Add(new("trained_test_mean", trained));
        metrics.Add(new("trained_corrected_se", Number(root["trained"]?["corrected"]?["standard_error"])));
        metrics.Add(new("pretrained_test_mean", Number(root["pretrained"]?["mean"])));
        metrics.Add(new("gain_mean", Number(root["gain"]?["mean"])));
        metrics.Add(new("gain_ci_lower", Number(root["gain"]?["corrected"]?["interval"]?["lower"])));
        metrics.Add(new("gain_ci_upper", Number(root["gain"]?["corrected"]?["interval"]?["upper"])));
        metrics.Add(new("gain_p_value", Number(root["gain"]?["corrected"]?["p_value"])));
        metrics.Add(new("noise_ceiling_lower", Number(root["noise_ceiling"]?["lower"])));
        metrics.Add(new("noise_ceiling_upper", Number(root["noise_ceiling"]?["upper"])));
        return trained;
    }

    /// <summary>score.json of an rdm-score cell, as <see cref="ModelScoreFile"/> wrote it.</summary>
    static double? ReadScore(string path, List<KeyValuePair<string, object?>> metrics)
    {
        var score = ModelScoreFile.Read(path);
        metrics.Add(new("metric", score.Method.Name()));
        metrics.Add(new("n_conditions", score.ConditionCount));
        metrics.Add(new("n_subjects", score.PerSubject.Length));
        metrics.Add(new("mean", Finite(score.Mean)));
        metrics.Add(new("noise_ceiling_lower", Finite(score.NoiseCeiling?.Lower)));
        metrics.Add(new("noise_ceiling_upper", Finite(score.NoiseCeiling?.Upper)));
        return Finite(score.Mean);
    }

    /// <summary>The run folder of a fold cell's fold inside the cross-validation folder.</summary>
    static string FoldPath(SweepFolder folder, SweepCell cell)
    {
        var value = cell.Value(CellKinds.FoldAxis);
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number) || number < 1)
            throw new DissimNetException($"{folder.Path}: cell {cell.Id}: fold '{value}' is not a fold number");
        return Path.Combine(CellSteps.CrossvalFolderOf(folder), CrossValidationFold.FolderNameOf(number));
    }

    /// <summary>A fold's run (or, for an ensemble, each member's run in its subfolders): complete, with a test score of the selected cell;
    /// the headline is that score (the members' mean for an ensemble).</summary>
    static double? ReadFold(string foldPath, List<KeyValuePair<string, object?>> metrics)
    {
        var runs = File.Exists(Path.Combine(foldPath, RunFolder.SummaryFile)) ? [foldPath]
            : Directory.Exists(foldPath) ? Directory.GetDirectories(foldPath).Where(d => File.Exists(Path.Combine(d, RunFolder.SummaryFile))).Order(StringComparer.Ordinal).ToList()
            : [];
        if (runs.Count == 0) throw new DissimNetException($"{Path.Combine(foldPath, RunFolder.SummaryFile)}: missing");
        var trained = new List<double>();
        var pretrained = new List<double>();
        foreach (var run in runs)
        {
            var folder = new RunFolder(run);
            var summary = folder.ReadSummary();
            if (!summary.Complete) throw new DissimNetException($"{folder.SummaryPath}: the run is not finished");
            if (summary.Test?.Selected is not { } selected) throw new DissimNetException($"{folder.SummaryPath}: has no test score of a selected cell");
            trained.Add(selected.Test);
            if (summary.Test.Pretrained is { } p) pretrained.Add(p.Test);
        }
        metrics.Add(new("runs", runs.Count));
        metrics.Add(new("trained_test", trained.Average()));
        metrics.Add(new("pretrained_test", pretrained.Count == runs.Count ? pretrained.Average() : null));
        return trained.Average();
    }

    static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;
}
