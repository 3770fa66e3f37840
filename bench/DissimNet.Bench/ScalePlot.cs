using ScottPlot;

namespace DissimNet.Bench;

/// <summary>The growth curves of <see cref="ScaleBenchmark"/> on log-log axes: time (left) and peak memory (right) against conditions.</summary>
internal static class ScalePlot
{
    public static void Save(IReadOnlyList<ScaleBenchmark.Row> rows, string path)
    {
        var n = rows.Select(r => Math.Log10(r.Conditions)).ToArray();
        var time = new Plot();
        var memory = new Plot();
        void Line(Plot plot, double[] y, string label, Color color, LinePattern pattern)
        {
            var line = plot.Add.Scatter(n, y.Select(Math.Log10).ToArray());
            line.LegendText = label;
            line.Color = color;
            line.LinePattern = pattern;
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }
        var ours = new Color(31, 119, 180);
        var theirs = new Color(214, 39, 40);
        Line(time, rows.Select(r => r.OurRdm.Seconds).ToArray(), "RDM, DissimNet", ours, LinePattern.Solid);
        Line(time, rows.Select(r => r.TheirRdm.Seconds).ToArray(), "RDM, scipy pdist", theirs, LinePattern.Solid);
        Line(time, rows.Select(r => r.OurScore.Seconds).ToArray(), "score + noise ceiling, DissimNet", ours, LinePattern.Dashed);
        Line(time, rows.Select(r => r.TheirScore.Seconds).ToArray(), "score + noise ceiling, scipy", theirs, LinePattern.Dashed);
        Line(memory, rows.Select(r => r.OurRdm.PeakMb).ToArray(), "RDM, DissimNet", ours, LinePattern.Solid);
        Line(memory, rows.Select(r => r.TheirRdm.PeakMb).ToArray(), "RDM, scipy pdist", theirs, LinePattern.Solid);
        Line(memory, rows.Select(r => r.OurScore.PeakMb).ToArray(), "score + noise ceiling, DissimNet", ours, LinePattern.Dashed);
        Line(memory, rows.Select(r => r.TheirScore.PeakMb).ToArray(), "score + noise ceiling, scipy", theirs, LinePattern.Dashed);
        foreach (var (plot, title, unit) in new[] { (time, "Time", "seconds"), (memory, "Peak memory (RSS)", "MB") })
        {
            plot.Title(title);
            plot.XLabel("conditions");
            plot.YLabel($"{unit} (log scale)");
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => Math.Pow(10, v).ToString(v < 0 ? "0.###" : "N0", System.Globalization.CultureInfo.InvariantCulture), // 0.1, not 0
            };
            // The measured sizes as the ticks of the (log) condition axis.
            plot.Axes.Bottom.SetTicks(n, rows.Select(r => r.Conditions.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            plot.ShowLegend(Alignment.UpperLeft);
        }
        var figure = new Multiplot(time);
        figure.AddPlot(memory);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        figure.SavePng(path, 1200, 480);
    }
}
