using ScottPlot;

namespace DissimNet.Reports;

/// <summary>Scores grouped by the value of one setting (a sweep's grid axis): every score as a dot, each group's mean as a bar,
/// with an optional noise-ceiling band.</summary>
internal sealed class ScoresByValuePlot
{
    /// <summary>The setting's values in order, and the scores of the cells that had each.</summary>
    public required IReadOnlyList<(string Value, IReadOnlyList<double> Scores)> Groups { get; init; }

    /// <summary>Name of the setting (the x axis).</summary>
    public required string Setting { get; init; }

    /// <summary>What the scores are (the y axis).</summary>
    public string ScoreLabel { get; init; } = "score";

    /// <summary>Mean lower and upper noise ceiling of the cells, drawn as a band; null draws none.</summary>
    public (double Lower, double Upper)? NoiseCeiling { get; init; }

    /// <summary>Draws the figure and writes it as a PNG.</summary>
    public void SavePng(string path, int width = 640, int height = 420)
    {
        var plot = PlotStyle.NewPlot();
        if (NoiseCeiling is var (lower, upper) && double.IsFinite(lower) && double.IsFinite(upper))
        {
            var band = plot.Add.HorizontalSpan(lower, upper);
            band.FillStyle.Color = Colors.Gray.WithAlpha(0.25);
            band.LineStyle.Width = 0;
            band.LegendText = "noise ceiling";
        }
        for (int g = 0; g < Groups.Count; g++)
        {
            var scores = Groups[g].Scores.Where(double.IsFinite).ToArray();
            if (scores.Length == 0) continue;
            var bar = plot.Add.Bar(g, scores.Average());
            bar.Color = PlotStyle.Categorical[0].WithAlpha(0.35);
            // Dots spread a little sideways so equal scores stay visible.
            var xs = scores.Select((_, i) => g + (scores.Length == 1 ? 0 : -0.2 + 0.4 * i / (scores.Length - 1))).ToArray();
            var dots = plot.Add.ScatterPoints(xs, scores);
            dots.Color = PlotStyle.Categorical[0];
            dots.MarkerSize = 7;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, Groups.Count).Select(i => (double)i).ToArray(), Groups.Select(g => g.Value).ToArray());
        PlotStyle.RotateBottomLabels(plot, Groups.Select(g => g.Value));
        plot.XLabel(Setting);
        plot.YLabel(ScoreLabel);
        plot.Title($"{ScoreLabel} by {Setting}");
        PlotStyle.SavePng(plot, path, width, height);
    }
}
