using ScottPlot;

namespace DissimNet.Reports;

/// <summary>Held-out score for every layer (rows, forward order top to bottom) and epoch (columns), with the selected cell outlined.</summary>
internal sealed class SelectionHeatmapPlot
{
    readonly IReadOnlyList<string> _layers;
    readonly IReadOnlyList<int> _epochs;
    readonly double[,] _scores;

    /// <summary>Prepares the grid; <paramref name="scores"/> is layers x epochs (NaN where not scored).</summary>
    public SelectionHeatmapPlot(IReadOnlyList<string> layers, IReadOnlyList<int> epochs, double[,] scores)
    {
        if (scores.GetLength(0) != layers.Count || scores.GetLength(1) != epochs.Count)
            throw new ArgumentException($"scores are {scores.GetLength(0)} x {scores.GetLength(1)} but there are {layers.Count} layers and {epochs.Count} epochs", nameof(scores));
        if (layers.Count == 0 || epochs.Count == 0) throw new ArgumentException("the grid needs at least one layer and one epoch", nameof(scores));
        _layers = layers;
        _epochs = epochs;
        _scores = scores;
    }

    /// <summary>Row and column of the selected (best) cell, outlined; null marks none.</summary>
    public (int Layer, int Epoch)? Selected { get; init; }

    /// <summary>Title above the grid.</summary>
    public string? Title { get; init; }

    /// <summary>Colorbar label.</summary>
    public string ScoreLabel { get; init; } = "held-out Spearman ρ";

    /// <summary>Write each cell's value in it when the grid is small enough to read them.</summary>
    public bool AnnotateCells { get; init; } = true;

    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 820;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 480;

    /// <summary>Draws the figure and writes it as a PNG.</summary>
    public void SavePng(string path)
    {
        int rows = _layers.Count, cols = _epochs.Count;
        var plot = PlotStyle.NewPlot();
        var heatmap = plot.Add.Heatmap(_scores);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Rectangle = new CoordinateRect(0, cols, 0, rows);
        heatmap.NaNCellColor = Colors.LightGray;
        var colorbar = plot.Add.ColorBar(heatmap);
        colorbar.Label = ScoreLabel;
        colorbar.LabelStyle.FontSize = 13;
        colorbar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TargetTickCount = 6 };

        // Numbers only where a cell is wide enough to hold one legibly (about 34 pixels); the colour carries the rest.
        if (AnnotateCells && rows * cols <= 200 && cols * 34 <= Width - 250)
        {
            var range = heatmap.GetRange();
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    double value = _scores[r, c];
                    if (!double.IsFinite(value)) continue;
                    var text = plot.Add.Text(value.ToString("0.00"), c + 0.5, rows - r - 0.5);
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontSize = cols > 10 ? 9 : 11;
                    // Viridis is dark at the low end: white text there, black text on the bright upper half.
                    double span = range.Max - range.Min;
                    double t = span > 0 ? (value - range.Min) / span : 0.5;
                    text.LabelFontColor = t < 0.55 ? Colors.White : Colors.Black;
                }
        }

        if (Selected is var (layer, epoch))
        {
            if (layer < 0 || layer >= rows || epoch < 0 || epoch >= cols)
                throw new ArgumentOutOfRangeException(nameof(Selected), $"selected cell ({layer}, {epoch}) is outside the {rows} x {cols} grid");
            var box = plot.Add.Rectangle(epoch, epoch + 1, rows - layer - 1, rows - layer);
            box.FillStyle.Color = Colors.Transparent;
            box.LineStyle.Color = Colors.Red;
            box.LineStyle.Width = 3;
            plot.XLabel($"epoch   (red box: selected {_layers[layer]}, epoch {_epochs[epoch]}, {_scores[layer, epoch]:0.000})");
        }

        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < rows; r++) left.AddMajor(rows - r - 0.5, _layers[r]);
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        int step = Math.Max(1, (int)Math.Ceiling(cols / 25.0));
        for (int c = 0; c < cols; c += step) bottom.AddMajor(c + 0.5, _epochs[c].ToString());
        plot.Axes.Left.TickGenerator = left;
        plot.Axes.Bottom.TickGenerator = bottom;
        if (Selected is null) plot.XLabel("epoch");
        plot.HideGrid();
        plot.Axes.SetLimits(0, cols, 0, rows);
        if (Title is not null) plot.Title(Title, size: 16);
        PlotStyle.SavePng(plot, path, Width, Height);
    }
}
