using DissimNet.Rdms;
using DissimNet.Statistics;
using ScottPlot;

namespace DissimNet.Reports;

/// <summary>Bar chart of a model comparison in the style of Nili et al. (2014): one bar per model with its interval, the
/// noise ceiling as a grey band, marks for models above 0 and below the lower ceiling, and a line over each pair of models
/// whose difference is significant.</summary>
internal sealed class ModelComparisonPlot(ModelComparisonResult result)
{
    /// <summary>Title above the plot.</summary>
    public string? Title { get; init; }

    /// <summary>Image width in pixels (default: wide enough for the models).</summary>
    public int? Width { get; init; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 680;

    static readonly Color BarColor = Color.FromHex("#8fb4d6");
    static readonly Color MarkColor = Colors.Black;

    /// <summary>Draws the figure and writes it as a PNG.</summary>
    public void SavePng(string path)
    {
        var models = result.Models;
        int k = models.Count;
        var plot = PlotStyle.NewPlot();

        // The ceiling first, so that bars and marks are drawn over it.
        if (result.NoiseCeiling is { } nc && double.IsFinite(nc.Lower) && double.IsFinite(nc.Upper))
        {
            var band = plot.Add.Rectangle(-0.6, k - 0.4, nc.Lower, nc.Upper);
            band.FillStyle.Color = Colors.Gray.WithAlpha(0.35);
            band.LineStyle.Width = 0;
            band.LegendText = $"noise ceiling ({nc.Lower:0.000}–{nc.Upper:0.000}, {result.Options.NoiseCeilingPooling.Name()} pooling)";
        }

        var bars = plot.Add.Bars(Enumerable.Range(0, k).Select(i => (double)i).ToArray(), models.Select(m => Finite(m.Mean)).ToArray());
        foreach (var bar in bars.Bars)
        {
            bar.FillColor = BarColor;
            bar.LineColor = BarColor.Darken(0.4);
            bar.Size = 0.7;
        }

        double top = Math.Max(result.NoiseCeiling is { } c && double.IsFinite(c.Upper) ? c.Upper : 0, 0);
        double bottom = 0;
        for (int i = 0; i < k; i++)
        {
            var (low, high) = (models[i].Interval.Lower, models[i].Interval.Upper);
            if (!double.IsFinite(low) || !double.IsFinite(high)) continue;
            Line(plot, i, low, i, high, 1.6f);
            Line(plot, i - 0.1, low, i + 0.1, low, 1.6f);
            Line(plot, i - 0.1, high, i + 0.1, high, 1.6f);
            top = Math.Max(top, high);
            bottom = Math.Min(bottom, low);
        }
        top = Math.Max(top, models.Select(m => Finite(m.Mean)).DefaultIfEmpty(0).Max());
        double span = Math.Max(top - bottom, 0.05);

        // Per-model marks: a triangle at the foot of a bar above 0, a downward triangle at the foot of the band for a model below it.
        bool anyAbove = false, anyBelow = false;
        for (int i = 0; i < k; i++)
        {
            if (models[i].AboveZero.Significant && models[i].Mean > 0)
            {
                var mark = plot.Add.Marker(i, 0.03 * span, MarkerShape.FilledTriangleUp, 9, MarkColor);
                if (!anyAbove) mark.LegendText = $"above 0 ({Corrected()})";
                anyAbove = true;
            }
            if (models[i].BelowLowerCeiling && result.NoiseCeiling is { } ceiling)
            {
                var mark = plot.Add.Marker(i, ceiling.Lower + 0.03 * span, MarkerShape.FilledTriangleDown, 10, Colors.Black);
                if (!anyBelow) mark.LegendText = $"below the lower ceiling ({Corrected()})";
                anyBelow = true;
            }
        }

        // Pairwise differences: one horizontal line per significant pair, stacked above everything else (Nili bars).
        double step = 0.045 * span, level = top + 0.06 * span;
        bool anyPair = false;
        foreach (var d in result.Differences.Where(d => d.Test.Significant).OrderBy(d => d.Second - d.First).ThenBy(d => d.First))
        {
            var line = Line(plot, d.First, level, d.Second, level, 2f);
            Line(plot, d.First, level, d.First, level - 0.35 * step, 2f);
            Line(plot, d.Second, level, d.Second, level - 0.35 * step, 2f);
            if (!anyPair) line.LegendText = $"pair differs ({Corrected()})";
            anyPair = true;
            level += step;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < k; i++) ticks.AddMajor(i, models[i].Name);
        plot.Axes.Bottom.TickGenerator = ticks;
        PlotStyle.RotateBottomLabels(plot, models.Select(m => m.Name));
        plot.Axes.Bottom.MinimumSize += 24; // room for the axis label under the tilted names
        plot.Axes.SetLimits(-0.6, k - 0.4, Math.Min(0, bottom - 0.05 * span), level + 0.02 * span);
        plot.YLabel($"{MethodLabel(result.Options.Method)} with the subject RDMs ({result.SubjectCount} subjects)");
        plot.XLabel($"bars: mean; whiskers: {100 * result.Options.ConfidenceLevel:0}% interval ({(result.Options.Test == ComparisonTest.TTest ? "t" : "bootstrap")})");
        plot.HideGrid();
        if (Title is not null) plot.Title(Title, size: 16);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Vertical;
        PlotStyle.SavePng(plot, path, Width ?? Math.Max(560, 200 + 90 * k), Height);
    }

    string Corrected() => result.Options.Correction == MultipleComparisonCorrection.None
        ? $"p < {result.Options.Alpha:0.###}, uncorrected"
        : $"{result.Options.Correction.Name()} p < {result.Options.Alpha:0.###}";

    static double Finite(double v) => double.IsFinite(v) ? v : 0;

    static ScottPlot.Plottables.LinePlot Line(Plot plot, double x1, double y1, double x2, double y2, float width)
    {
        var line = plot.Add.Line(x1, y1, x2, y2);
        line.LineWidth = width;
        line.Color = MarkColor;
        line.MarkerSize = 0;
        return line;
    }

    static string MethodLabel(ComparisonMethod method) => method switch
    {
        ComparisonMethod.Spearman => "Spearman ρ",
        ComparisonMethod.Pearson => "Pearson r",
        ComparisonMethod.KendallTauA => "Kendall τa",
        ComparisonMethod.KendallTauB => "Kendall τb",
        ComparisonMethod.RhoA => "ρa",
        _ => method.Name(),
    };
}
