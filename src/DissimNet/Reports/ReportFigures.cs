using DissimNet.Rdms;
using DissimNet.Training;

namespace DissimNet.Reports;

/// <summary>The figures of a training report, each drawn from <see cref="RunReportData"/> or skipped with the reason.</summary>
internal static class ReportFigures
{
    /// <summary>Adds a figure: section, file name, title, caption, reason it is missing (null when drawable), renderer.</summary>
    public delegate void FigureSink(string section, string file, string title, string caption, string? missing, Action<string> render);

    public static void AddAll(RunReportData data, FigureSink add)
    {
        if (data.FullSetProfile is { } full) FullSet(data, full, add);
        LayerProfile(data, add);
        TrainingCurves(data, add);
        Selection(data, add);
        Rdms(data, add);
        Mds(data, add);
    }

    static void LayerProfile(RunReportData data, FigureSink add)
    {
        string? missing = data.Layers.Count == 0 || data.Baseline.Count == 0 ? "the run recorded no per-layer baseline scores" : null;
        string ceiling = data.NoiseCeiling is null ? "No noise ceiling was recorded." : "The grey band is the noise ceiling (lower to upper bound).";
        add("profile", "layer-profile.png", "Layer profile before and after training",
            $"Held-out score of every candidate layer, in forward order. {ceiling}", missing, path =>
            {
                var series = new List<LayerProfileSeries>
                {
                    new("before training", Values(data.Layers, data.Baseline)),
                };
                if (data.Final.Count > 0)
                {
                    string after = data.Epochs.Count > 0 ? $"after training (epoch {data.Epochs[^1].Epoch})" : "after training";
                    series.Add(new(after, Values(data.Layers, data.Final)));
                }
                new LayerProfilePlot(data.Layers) { Series = series, NoiseCeiling = data.NoiseCeiling, ScoreLabel = ScoreLabel(data) }.SavePng(path);
            });
    }

    static void FullSet(RunReportData data, FullSetProfile full, FigureSink add)
    {
        string ceiling = full.NoiseCeiling is null ? "" : " The grey band is the noise ceiling of these RDMs.";
        add("profile", "layer-profile-all-images.png", $"Layer profile of the pretrained network on all {full.Images} images",
            $"Before training: each layer's RDM of all {full.Images} images compared with the {full.Target}.{ceiling} Error bars: standard error over subjects.",
            full.Layers.Count == 0 ? $"{RunFolder.ProfileFile} lists no layers" : null, path =>
                new LayerProfilePlot(full.Layers)
                {
                    Series = [new("pretrained", Values(full.Layers, full.Scores), Errors(full.Layers, full.Sem))],
                    NoiseCeiling = full.NoiseCeiling,
                    ScoreLabel = ScoreLabel(data).Replace("held-out ", ""),
                }.SavePng(path));
    }

    static void TrainingCurves(RunReportData data, FigureSink add)
    {
        string? missing = data.Epochs.Count == 0 ? "no epoch has finished yet" : null;
        add("training", "training-curves.png", "Training curves",
            "Top: mean training loss per epoch. Bottom: validation score of each candidate layer per epoch; epoch 0 is the network before training."
                + (data.Test is null ? "" : " The dashed black line is the selected layer on the test images: shown only, never used to choose."),
            missing, path =>
            {
                var epochs = data.Epochs.Select(e => e.Epoch).ToArray();
                var loss = data.Epochs.Select(e => e.TrainLoss).ToArray();
                new TrainingCurvesPlot(epochs)
                {
                    TrainLoss = loss.Any(double.IsFinite) ? loss : null,
                    HeldOutScores = data.Layers.Select(l => (l, (IReadOnlyList<double>)data.Epochs.Select(e => e.HeldOut.GetValueOrDefault(l, double.NaN)).ToArray())).ToList(),
                    Baseline = data.Baseline.Count > 0 ? data.Baseline : null,
                    HighlightLayer = data.TrainLayer,
                    ScoreLabel = ScoreLabel(data),
                    TestCurve = data is { Test.Curve.Count: > 0, Best: { } selected } ? (selected.Layer, data.Test.Curve) : null,
                }.SavePng(path);
            });
    }

    static void Selection(RunReportData data, FigureSink add)
    {
        string? missing = data.Layers.Count == 0 ? "the run recorded no per-layer scores" : null;
        add("training", "selection.png", "Model selection: held-out score per layer and epoch",
            "Rows: candidate layers (forward order); columns: epochs (0 = before training). The red box is the selected (best) layer and epoch.",
            missing, path =>
            {
                var epochs = new List<int>();
                if (data.Baseline.Count > 0) epochs.Add(0);
                epochs.AddRange(data.Epochs.Select(e => e.Epoch));
                if (epochs.Count == 0) throw new ArgumentException("no scores recorded for any epoch");
                var grid = new double[data.Layers.Count, epochs.Count];
                for (int l = 0; l < data.Layers.Count; l++)
                    for (int e = 0; e < epochs.Count; e++)
                        grid[l, e] = data.ScoreAt(data.Layers[l], epochs[e]);
                (int, int)? selected = null;
                if (data.Best is { } best && data.Layers.ToList().IndexOf(best.Layer) is >= 0 and var row && epochs.IndexOf(best.Epoch) is >= 0 and var col)
                    selected = (row, col);
                new SelectionHeatmapPlot(data.Layers, epochs, grid)
                {
                    Selected = selected,
                    ScoreLabel = ScoreLabel(data),
                    Height = Math.Clamp(140 + 42 * data.Layers.Count, 300, 900),
                }.SavePng(path);
            });
    }

    static void Rdms(RunReportData data, FigureSink add)
    {
        var rdms = data.Rdms;
        string note = "Values shown as percentiles of the off-diagonal dissimilarities (rank transform), so RDMs on different scales compare.";
        var order = rdms?.Categories is { } categories ? RdmMatrix.GroupByCategory(categories) : null;
        var ordered = order is null ? null : order.Select(i => rdms!.Categories![i]).ToArray();
        string baselineLayer = data.BestBaselineLayer is { } layer ? $" ({layer})" : "";
        string trainedCell = data.Best is { } best ? $" ({best.Layer}, epoch {best.Epoch})" : "";
        Heatmap(add, rdms?.Target, ordered, order, "rdm-target.png", "Target RDM (mean over subjects)", note);
        Heatmap(add, rdms?.Baseline, ordered, order, "rdm-baseline.png", "Pretrained network at its best layer" + baselineLayer, note);
        Heatmap(add, rdms?.Trained, ordered, order, "rdm-trained.png", "Trained network" + trainedCell, note);
    }

    static void Heatmap(FigureSink add, double[,]? rdm, string[]? categories, int[]? order, string file, string title, string caption)
    {
        string? missing = rdm is null ? $"{RunFolder.RdmsFile} holds no such RDM" : null;
        if (rdm is not null && categories is not null && categories.Length != rdm.GetLength(0))
            missing = $"{categories.Length} categories for an RDM of {rdm.GetLength(0)} images";
        add("rdms", file, title, caption, missing, path =>
        {
            var shown = order is null ? rdm! : RdmMatrix.Reorder(rdm!, order);
            new RdmHeatmapPlot(shown) { Categories = categories, Ranked = true, Title = title, Width = 620, Height = 560 }.SavePng(path);
        });
    }

    static void Mds(RunReportData data, FigureSink add)
    {
        var rdms = data.Rdms;
        const string caption = "Classical MDS of the held-out images (distances in the plane approximate the RDM's dissimilarities), coloured by category.";
        foreach (var (rdm, file, title) in new[] { (rdms?.Target, "mds-target.png", "MDS of the target RDM"), (rdms?.Trained, "mds-trained.png", "MDS of the trained network's RDM") })
        {
            string? missing = rdm is null ? $"{RunFolder.RdmsFile} holds no such RDM" : rdm.GetLength(0) < 3 ? "fewer than 3 held-out images" : null;
            var categories = rdms?.Categories is { } c && rdm is not null && c.Count == rdm.GetLength(0) ? c : null;
            add("mds", file, title, caption, missing, path =>
                new MdsScatterPlot(ClassicalMds.Embed(rdm!)) { Categories = categories, Title = title, Width = 620, Height = 500 }.SavePng(path));
        }
    }

    static double[] Values(IReadOnlyList<string> layers, IReadOnlyDictionary<string, double> scores) =>
        layers.Select(l => scores.GetValueOrDefault(l, double.NaN)).ToArray();

    static double[]? Errors(IReadOnlyList<string> layers, IReadOnlyDictionary<string, double>? sem) =>
        sem is null ? null : layers.Select(l => sem.GetValueOrDefault(l, 0)).ToArray();

    /// <summary>Axis label; the full method is in the report's text, the axis keeps it short.</summary>
    static string ScoreLabel(RunReportData data) =>
        data.ScoreMethod is null || data.ScoreMethod.Contains("spearman", StringComparison.OrdinalIgnoreCase) ? "held-out Spearman ρ" : "held-out score";
}
