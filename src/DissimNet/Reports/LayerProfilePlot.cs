using ScottPlot;

namespace DissimNet.Reports;

/// <summary>One line of a layer profile: a score per layer, with optional error bars (e.g. SEM over subjects).</summary>
internal sealed record LayerProfileSeries(string Name, IReadOnlyList<double> Scores, IReadOnlyList<double>? Errors = null);

/// <summary>Brain-model agreement per layer (layers in forward order), with the noise ceiling as a shaded band.</summary>
internal sealed class LayerProfilePlot
{
    readonly IReadOnlyList<string> _layers;

    /// <summary>Prepares a profile over the named layers, in forward order.</summary>
    public LayerProfilePlot(IReadOnlyList<string> layers)
    {
        if (layers.Count == 0) throw new ArgumentException("a layer profile needs at least one layer", nameof(layers));
        _layers = layers;
    }

    /// <summary>The lines to draw (one or two: before and after training).</summary>
    public IReadOnlyList<LayerProfileSeries> Series { get; init; } = [];

    /// <summary>Lower and upper bound of the noise ceiling, drawn as a band; null draws none.</summary>
    public (double Lower, double Upper)? NoiseCeiling { get; init; }

    /// <summary>Title above the plot.</summary>
    public string? Title { get; init; }

    /// <summary>Label of the score axis.</summary>
    public string ScoreLabel { get; init; } = "Spearman ρ with the brain RDM";

    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 820;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 520;

    /// <summary>Draws the figure and writes it as a PNG.</summary>
    public void SavePng(string path)
    {
        foreach (var series in Series)
        {
            if (series.Scores.Count != _layers.Count)
                throw new ArgumentException($"series '{series.Name}' has {series.Scores.Count} scores for {_layers.Count} layers", nameof(Series));
            if (series.Errors is { } errors && errors.Count != _layers.Count)
                throw new ArgumentException($"series '{series.Name}' has {errors.Count} error bars for {_layers.Count} layers", nameof(Series));
        }

        var plot = PlotStyle.NewPlot();
        if (NoiseCeiling is var (lower, upper))
        {
            var band = plot.Add.VerticalSpan(lower, upper);   // spans y values
            band.FillStyle.Color = Colors.Gray.WithAlpha(0.25);
            band.LineStyle.Width = 0;
            band.LegendText = $"noise ceiling ({lower:0.000}–{upper:0.000})";
        }

        double[] xs = Enumerable.Range(0, _layers.Count).Select(i => (double)i).ToArray();
        for (int s = 0; s < Series.Count; s++)
        {
            var series = Series[s];
            var color = PlotStyle.Categorical[s % PlotStyle.Categorical.Length];
            var line = plot.Add.Scatter(xs, series.Scores.ToArray());
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.LegendText = series.Name;
            if (series.Errors is { } errors)
            {
                var bars = plot.Add.ErrorBar(xs, series.Scores.ToArray(), errors.ToArray());
                bars.Color = color;
                bars.LineWidth = 1.5f;
            }
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < _layers.Count; i++) ticks.AddMajor(i, _layers[i]);
        plot.Axes.Bottom.TickGenerator = ticks;
        PlotStyle.RotateBottomLabels(plot, _layers);
        plot.Axes.SetLimitsX(-0.5, _layers.Count - 0.5);
        plot.YLabel(ScoreLabel);
        if (Title is not null) plot.Title(Title, size: 16);
        plot.ShowLegend(Edge.Right);   // outside: inside it would cover the noise-ceiling band or the peak
        PlotStyle.SavePng(plot, path, Width, Height);
    }
}
