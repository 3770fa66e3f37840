using System.Text.Json;
using DissimNet.IO;

namespace DissimNet.Reports;

/// <summary>Reads a training run folder into <see cref="RunReportData"/>.</summary>
/// <remarks>
/// Files read (only summary.json is required; without the others the report skips their figures with a note):
/// <list type="bullet">
/// <item><c>summary.json</c>: <c>train_layer</c>, <c>split</c> {<c>train</c>, <c>val</c>: image indices},
///   <c>baseline</c> {layer: score before training}, <c>epochs</c> [{<c>epoch</c>, <c>train_loss</c>, <c>val</c> {layer: score},
///   <c>seconds</c>}], <c>best</c> {<c>layer</c>, <c>epoch</c>, <c>score</c>}, <c>final</c> {layer: score},
///   <c>noise_ceiling</c> {<c>lower</c>, <c>upper</c>}, <c>settings</c> {…, <c>command</c>: the exact command line};
///   optionally <c>architecture</c>, <c>score_method</c>, <c>baseline_sem</c> and <c>final_sem</c> {layer: SEM over subjects}.
///   Layer order (forward order) is the key order of <c>baseline</c>, then of the epochs' <c>val</c>. An undefined score
///   is null (the string "NaN" in older runs) and reads as NaN.</item>
/// <item><c>rdms.npz</c>: held-out images only, all n x n (or condensed n(n-1)/2 vectors) in the order of
///   <c>split.val</c>: <c>target_val</c> (target RDM, mean over subjects), <c>baseline_best</c> (pretrained network at its
///   best baseline layer), <c>trained_best</c> (trained network at <c>best.layer</c>, <c>best.epoch</c>).</item>
/// <item><c>categories.json</c>: a JSON array with one category name per held-out image, same order as <c>rdms.npz</c>.</item>
/// <item><c>profile.json</c> (optional, no note when missing): the layer profile before training on all images of the set
///   (see <see cref="FullSetProfileFile"/>); <c>dissimnet demo</c> writes it.</item>
/// </list>
/// </remarks>
public static class RunFolderReader
{
    /// <summary>File names inside a run folder.</summary>
    public const string SummaryFile = "summary.json", RdmsFile = "rdms.npz", CategoriesFile = "categories.json", ProfileFile = "profile.json";

    /// <summary>Reads the run folder; throws <see cref="DissimNetException"/> when summary.json is missing or malformed.</summary>
    public static RunReportData Read(string folder)
    {
        if (!Directory.Exists(folder)) throw new DissimNetException($"{folder}: run folder not found");
        var summaryPath = Path.Combine(folder, SummaryFile);
        if (!File.Exists(summaryPath)) throw new DissimNetException($"{summaryPath}: not found; a training run folder holds summary.json");

        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(summaryPath)); }
        catch (JsonException e) { throw new DissimNetException($"{summaryPath}: not valid JSON ({e.Message})", e); }
        using var disposeDocument = document;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new DissimNetException($"{summaryPath}: expected a JSON object");

        var notes = new List<string>();
        var baseline = ScoreMap(root, "baseline", summaryPath);
        var epochs = new List<EpochScores>();
        if (root.TryGetProperty("epochs", out var epochArray) && epochArray.ValueKind == JsonValueKind.Array)
            foreach (var e in epochArray.EnumerateArray())
                epochs.Add(new EpochScores(
                    (int)Number(e, "epoch", summaryPath, "epochs[].epoch"),
                    OptionalNumber(e, "train_loss") ?? double.NaN,
                    ScoreMap(e, "val", summaryPath),
                    OptionalNumber(e, "seconds") ?? double.NaN));

        var layers = new List<string>(baseline.Keys);
        foreach (var epoch in epochs)
            foreach (var layer in epoch.HeldOut.Keys)
                if (!layers.Contains(layer)) layers.Add(layer);

        // A run whose every score was undefined records a best without a layer and with a null score: there is no best cell then.
        BestCell? best = null;
        if (root.TryGetProperty("best", out var b) && b.ValueKind == JsonValueKind.Object
            && Score(b, "score", summaryPath, "best.score") is var bestScore && !double.IsNaN(bestScore) && Text(b, "layer") is { Length: > 0 } bestLayer)
            best = new BestCell(bestLayer, (int)Number(b, "epoch", summaryPath, "best.epoch"), bestScore);

        (double, double)? ceiling = null;
        if (root.TryGetProperty("noise_ceiling", out var c) && c.ValueKind == JsonValueKind.Object)
            ceiling = (Score(c, "lower", summaryPath, "noise_ceiling.lower"), Score(c, "upper", summaryPath, "noise_ceiling.upper"));

        var settings = new List<KeyValuePair<string, string>>();
        string? command = Text(root, "command");
        if (root.TryGetProperty("settings", out var s) && s.ValueKind == JsonValueKind.Object)
            foreach (var p in s.EnumerateObject())
            {
                if (p.Name == "command" && p.Value.ValueKind == JsonValueKind.String) command = p.Value.GetString();
                else settings.Add(new(p.Name, Display(p.Value)));
            }
        if (command is null) notes.Add($"{SummaryFile} records no command line (settings.command)");

        var split = root.TryGetProperty("split", out var sp) && sp.ValueKind == JsonValueKind.Object ? sp : default;
        var heldOut = split.ValueKind == JsonValueKind.Object ? Indices(split, "val") : [];

        return new RunReportData
        {
            Source = Path.GetFullPath(folder),
            Architecture = Text(root, "architecture"),
            TrainLayer = Text(root, "train_layer"),
            Layers = layers,
            TrainImages = split.ValueKind == JsonValueKind.Object ? Indices(split, "train") : [],
            HeldOutImages = heldOut,
            Baseline = baseline,
            Final = ScoreMap(root, "final", summaryPath),
            BaselineSem = root.TryGetProperty("baseline_sem", out _) ? ScoreMap(root, "baseline_sem", summaryPath) : null,
            FinalSem = root.TryGetProperty("final_sem", out _) ? ScoreMap(root, "final_sem", summaryPath) : null,
            Epochs = epochs,
            Best = best,
            NoiseCeiling = ceiling,
            ScoreMethod = Text(root, "score_method"),
            Command = command,
            Settings = settings,
            Rdms = CheckedAgainstSplit(ReadRdms(folder, notes), heldOut.Length, notes),
            FullSetProfile = File.Exists(Path.Combine(folder, ProfileFile)) ? FullSetProfileFile.Read(Path.Combine(folder, ProfileFile)) : null,
            Notes = notes,
        };
    }

    /// <summary>Reads rdms.npz and categories.json when present; missing or unreadable parts become notes.</summary>
    static HeldOutRdms? ReadRdms(string folder, List<string> notes)
    {
        var rdmsPath = Path.Combine(folder, RdmsFile);
        double[,]? target = null, baseline = null, trained = null;
        if (File.Exists(rdmsPath))
        {
            var arrays = Npz.Read(rdmsPath).ToDictionary(p => p.Key, p => p.Value);
            target = Square(arrays, "target_val", rdmsPath, notes);
            baseline = Square(arrays, "baseline_best", rdmsPath, notes);
            trained = Square(arrays, "trained_best", rdmsPath, notes);
        }
        else notes.Add($"{RdmsFile} not found: the run saved no held-out RDMs, so RDM heatmaps and MDS are skipped");

        IReadOnlyList<string>? categories = null;
        var categoriesPath = Path.Combine(folder, CategoriesFile);
        if (File.Exists(categoriesPath))
        {
            try { categories = JsonSerializer.Deserialize<string[]>(File.ReadAllText(categoriesPath)); }
            catch (JsonException e) { throw new DissimNetException($"{categoriesPath}: expected a JSON array of category names ({e.Message})", e); }
        }
        else if (File.Exists(rdmsPath)) notes.Add($"{CategoriesFile} not found: RDMs are shown without category blocks");

        return target is null && baseline is null && trained is null && categories is null ? null
            : new HeldOutRdms(target, baseline, trained, categories);
    }

    /// <summary>Notes RDMs whose size disagrees with the held-out split (they are still drawn: they say what they hold).</summary>
    static HeldOutRdms? CheckedAgainstSplit(HeldOutRdms? rdms, int heldOut, List<string> notes)
    {
        if (rdms is null || heldOut == 0) return rdms;
        foreach (var (name, matrix) in new[] { ("target_val", rdms.Target), ("baseline_best", rdms.Baseline), ("trained_best", rdms.Trained) })
            if (matrix is not null && matrix.GetLength(0) != heldOut)
                notes.Add($"{RdmsFile}: '{name}' covers {matrix.GetLength(0)} images but split.val lists {heldOut}");
        if (rdms.Categories is { } c && c.Count != heldOut)
            notes.Add($"{CategoriesFile}: {c.Count} categories but split.val lists {heldOut} images");
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

    static Dictionary<string, double> ScoreMap(JsonElement parent, string name, string path)
    {
        var map = new Dictionary<string, double>();
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null) return map;
        if (element.ValueKind != JsonValueKind.Object)
            throw new DissimNetException($"{path}: '{name}' should map layer names to scores, found {element.ValueKind}");
        foreach (var p in element.EnumerateObject()) map[p.Name] = AsDouble(p.Value) ?? double.NaN;
        return map;
    }

    static int[] Indices(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetInt32()).ToArray()
            : [];

    static double Number(JsonElement parent, string name, string path, string what) =>
        OptionalNumber(parent, name) ?? throw new DissimNetException($"{path}: '{what}' is missing or not a number");

    /// <summary>A number that may be undefined: null (as DissimNet writes NaN) reads as NaN; a missing or non-numeric value is an error.</summary>
    static double Score(JsonElement parent, string name, string path, string what) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Null ? double.NaN : Number(parent, name, path, what);

    static double? OptionalNumber(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var e) ? AsDouble(e) : null;

    /// <summary>A number, or NaN/Infinity written as strings (as .NET's named floating-point literals, in runs written before
    /// undefined numbers became null); null and anything else give null.</summary>
    static double? AsDouble(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when double.TryParse(e.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    static string Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "(none)",
        JsonValueKind.Array when value.EnumerateArray().All(x => x.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
            string.Join(", ", value.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText())),
        _ => value.GetRawText(),
    };
}
