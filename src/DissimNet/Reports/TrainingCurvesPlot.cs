using ScottPlot;

namespace DissimNet.Reports;

/// <summary>Training loss per epoch (top) and the held-out score of each candidate layer per epoch (bottom).</summary>
internal sealed class TrainingCurvesPlot
{
    readonly IReadOnlyList<int> _epochs;

    /// <summary>Prepares curves over the given epoch numbers.</summary>
    public TrainingCurvesPlot(IReadOnlyList<int> epochs)
    {
        if (epochs.Count == 0) throw new ArgumentException("training curves need at least one epoch", nameof(epochs));
        _epochs = epochs;
    }

    /// <summary>Mean training loss per epoch.</summary>
    public IReadOnlyList<double>? TrainLoss { get; init; }

    /// <summary>Held-out score per epoch for each layer (NaN where a layer was not scored), in legend order.</summary>
    public IReadOnlyList<(string Layer, IReadOnlyList<double> Scores)> HeldOutScores { get; init; } = [];

    /// <summary>Held-out score of each layer before training, drawn at epoch 0 when given.</summary>
    public IReadOnlyDictionary<string, double>? Baseline { get; init; }

    /// <summary>Test score of one layer per epoch with epoch 0 first (one more value than epochs), drawn dashed; null: none.</summary>
    public (string Layer, IReadOnlyList<double> Scores)? TestCurve { get; init; }

    /// <summary>Layer whose line is drawn thicker (the layer being trained or selected).</summary>
    public string? HighlightLayer { get; init; }

    /// <summary>Label of the score axis.</summary>
    public string ScoreLabel { get; init; } = "held-out Spearman ρ";

    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 820;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 640;

    /// <summary>Draws the figure and writes it as a PNG.</summary>
    public void SavePng(string path)
    {
        if (TestCurve is { } curve && curve.Scores.Count != _epochs.Count + 1)
            throw new ArgumentException($"{curve.Scores.Count} test scores for epochs 0 to {_epochs.Count}", nameof(TestCurve));
        if (TrainLoss is { } loss && loss.Count != _epochs.Count)
            throw new ArgumentException($"{loss.Count} loss values for {_epochs.Count} epochs", nameof(TrainLoss));
        foreach (var (layer, scores) in HeldOutScores)
            if (scores.Count != _epochs.Count)
                throw new ArgumentException($"layer '{layer}' has {scores.Count} scores for {_epochs.Count} epochs", nameof(HeldOutScores));

        var lossPlot = PlotStyle.NewPlot();
        if (TrainLoss is not null)
        {
            var line = lossPlot.Add.Scatter(_epochs.Select(e => (double)e).ToArray(), TrainLoss.ToArray());
            line.Color = Colors.Black;
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }
        else lossPlot.Add.Annotation("no training loss recorded");
        lossPlot.Title("Training loss", size: 15);
        lossPlot.YLabel("loss");
        lossPlot.XLabel("epoch");

        var scorePlot = PlotStyle.NewPlot();
        for (int s = 0; s < HeldOutScores.Count; s++)
        {
            var (layer, scores) = HeldOutScores[s];
            var xs = new List<double>();
            var ys = new List<double>();
            if (Baseline is not null && Baseline.TryGetValue(layer, out var before)) { xs.Add(0); ys.Add(before); }
            for (int e = 0; e < _epochs.Count; e++)
                if (double.IsFinite(scores[e])) { xs.Add(_epochs[e]); ys.Add(scores[e]); }
            if (xs.Count == 0) continue;
            var line = scorePlot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.Color = PlotStyle.Categorical[s % PlotStyle.Categorical.Length];
            bool highlighted = layer == HighlightLayer;
            line.LineWidth = highlighted ? 3 : 1.5f;
            line.MarkerSize = highlighted ? 7 : 5;
            line.LegendText = highlighted ? layer + " (trained)" : layer;
        }
        if (TestCurve is var (testLayer, testScores))
        {
            var points = testScores.Select((v, k) => (X: k == 0 ? 0.0 : _epochs[k - 1], Y: v)).Where(p => double.IsFinite(p.Y)).ToArray();
            if (points.Length > 0)
            {
                var test = scorePlot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
                test.Color = Colors.Black;
                test.LinePattern = LinePattern.Dashed;
                test.LineWidth = 2;
                test.MarkerSize = 4;
                test.LegendText = testLayer + " on test";
            }
        }
        scorePlot.Title("Held-out score per layer" + (Baseline is not null ? " (epoch 0 = before training)" : ""), size: 15);
        scorePlot.YLabel(ScoreLabel);
        scorePlot.XLabel("epoch");
        if (HeldOutScores.Count > 0) scorePlot.ShowLegend(Edge.Right);

        IntegerEpochTicks(lossPlot);
        IntegerEpochTicks(scorePlot);
        // Share the epoch range so the two panels line up.
        double first = Baseline is not null ? 0 : _epochs.Min(), last = _epochs.Max();
        double pad = Math.Max(0.3, 0.03 * (last - first));
        lossPlot.Axes.SetLimitsX(first - pad, last + pad);
        scorePlot.Axes.SetLimitsX(first - pad, last + pad);
        // Same left and right margins in both panels, so their epoch axes align; the right one holds the legend.
        int longest = HeldOutScores.Select(h => h.Layer.Length + (h.Layer == HighlightLayer ? " (trained)".Length : 0)).DefaultIfEmpty(0).Max();
        float right = Math.Max(170, 70 + 7.5f * longest);
        lossPlot.Layout.Fixed(new PixelPadding(80, right, 50, 45));
        scorePlot.Layout.Fixed(new PixelPadding(80, right, 50, 45));

        var figure = new Multiplot(lossPlot);
        figure.AddPlot(scorePlot);
        figure.Layout = new ScottPlot.MultiplotLayouts.Rows();
        PlotStyle.SavePng(figure, path, Width, Height);
    }

    static void IntegerEpochTicks(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
}
