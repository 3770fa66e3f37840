using DissimNet.Training;
using ScottPlot;

namespace DissimNet.Reports;

/// <summary>Cross-validation figure: test scores per fold with the noise-ceiling band (top), and the gain per fold with the
/// mean gain and its corrected confidence interval (bottom).</summary>
internal static class CrossValidationPlot
{
    /// <summary>Draws the figure for a result with at least one fold and writes it as a PNG.</summary>
    public static void SavePng(CrossValidationResult result, string path, int width = 1200, int height = 720)
    {
        var folds = result.FoldResults;
        if (folds.Count == 0) throw new ArgumentException("a cross-validation figure needs at least one finished fold", nameof(result));
        double[] xs = folds.Select(f => (double)f.Number).ToArray();

        var scores = PlotStyle.NewPlot();
        for (int k = 0; k < folds.Count; k++)
            if (folds[k].NoiseCeiling is { } c)
            {
                // One band per fold: each fold has its own test images and so its own ceiling.
                var band = scores.Add.Rectangle(xs[k] - 0.4, xs[k] + 0.4, c.Lower, c.Upper);
                band.FillStyle.Color = Colors.Gray.WithAlpha(0.25);
                band.LineStyle.Width = 0;
                if (k == 0) band.LegendText = "noise ceiling of the fold's test images";
            }
        AddSeries(scores, xs, folds.Select(f => f.Pretrained.Test).ToArray(), PlotStyle.Categorical[1], "pretrained (layer chosen on validation)");
        AddSeries(scores, xs, folds.Select(f => f.Trained.Test).ToArray(), PlotStyle.Categorical[0], "trained (layer and epoch chosen on validation)");
        scores.Title("Test score per fold", size: 15);
        scores.YLabel(ShortMethod(result.ScoreMethod));
        scores.ShowLegend(Edge.Right);

        var gains = PlotStyle.NewPlot();
        var gain = folds.Select(f => f.Trained.Test - f.Pretrained.Test).ToArray();
        var points = gains.Add.Scatter(xs, gain);
        points.LineWidth = 0;
        points.MarkerSize = 8;
        points.Color = PlotStyle.Categorical[0];
        points.LegendText = "gain per fold";
        var zero = gains.Add.HorizontalLine(0);
        zero.Color = Colors.Black;
        zero.LineWidth = 1;
        double meanX = folds.Count + 1.2;
        if (result.Gain is { } g)
        {
            var mean = gains.Add.Scatter(new[] { meanX }, new[] { g.Mean });
            mean.MarkerSize = 11;
            mean.Color = Colors.Black;
            mean.LegendText = $"mean gain, 95% CI (corrected t), p = {g.Corrected.PValue:G2}";
            var bar = gains.Add.ErrorBar(new[] { meanX }, new[] { g.Mean }, new[] { g.Mean - g.Corrected.Interval.Lower }); // symmetric: a t interval
            bar.Color = Colors.Black;
            bar.LineWidth = 2;
            var boot = g.BootstrapFoldsSubjectsAndImages ?? g.BootstrapFoldsAndSubjects ?? g.BootstrapFolds;
            {
                // Drawn beside the t interval: the bootstrap treats folds as independent, so it is narrower than it should be.
                var bootBar = gains.Add.Line(meanX + 0.45, boot.Lower, meanX + 0.45, boot.Upper);
                bootBar.Color = Colors.Gray;
                bootBar.LineWidth = 2;
                bootBar.LegendText = g.BootstrapFoldsSubjectsAndImages is not null ? "95% bootstrap CI (folds x subjects x images)"
                    : g.BootstrapFoldsAndSubjects is null ? "95% bootstrap CI (folds)" : "95% bootstrap CI (folds x subjects)";
            }
        }
        gains.Title("Gain of training (trained − pretrained) on the test images", size: 15);
        gains.YLabel("gain");
        gains.ShowLegend(Edge.Right);

        foreach (var plot in new[] { scores, gains })
        {
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            foreach (var f in folds) ticks.AddMajor(f.Number, $"{f.Number}");
            if (plot == gains && result.Gain is not null) ticks.AddMajor(meanX, "mean");
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.XLabel("fold");
            plot.Axes.SetLimitsX(0.3, folds.Count + 2.2);
            plot.Layout.Fixed(new PixelPadding(80, 390, 50, 45)); // the right margin holds the legend
        }
        var figure = new Multiplot(scores);
        figure.AddPlot(gains);
        figure.Layout = new ScottPlot.MultiplotLayouts.Rows();
        PlotStyle.SavePng(figure, path, width, height);
    }

    static void AddSeries(Plot plot, double[] xs, double[] ys, Color color, string label)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LineWidth = 0;
        line.MarkerSize = 9;
        line.Color = color;
        line.LegendText = label;
    }

    static string ShortMethod(string method) => method.Length > 0 ? method : "test score";
}
