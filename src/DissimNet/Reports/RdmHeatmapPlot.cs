using ScottPlot;

namespace DissimNet.Reports;

/// <summary>An RDM drawn as an n x n heatmap (row 0 at the top) with a colorbar and optional category blocks on both axes.</summary>
internal sealed class RdmHeatmapPlot
{
    readonly double[,] _rdm;

    /// <summary>Prepares a heatmap of a square dissimilarity matrix.</summary>
    public RdmHeatmapPlot(double[,] rdm)
    {
        if (rdm.GetLength(0) != rdm.GetLength(1) || rdm.GetLength(0) < 2)
            throw new ArgumentException($"an RDM must be square with at least 2 rows, got {rdm.GetLength(0)} x {rdm.GetLength(1)}", nameof(rdm));
        _rdm = rdm;
    }

    /// <summary>Title above the matrix.</summary>
    public string? Title { get; init; }

    /// <summary>One category label per row/column; contiguous runs of equal labels are marked on the axes.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>Show off-diagonal values as percentiles (rank transform) instead of raw dissimilarities.</summary>
    public bool Ranked { get; init; }

    /// <summary>Colorbar label; defaults to "dissimilarity" or "dissimilarity (percentile)".</summary>
    public string? ValueLabel { get; init; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 760;

    /// <summary>Conditions per cell a side when the matrix is a block-mean reduction of a larger RDM
    /// (<see cref="RdmMatrix.ForDisplay"/>): item ticks then number conditions, not cells. 1 by default.</summary>
    public int ItemsPerCell { get; init; } = 1;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 680;

    /// <summary>Draws the figure and writes it as a PNG.</summary>
    public void SavePng(string path)
    {
        int n = _rdm.GetLength(0);
        if (Categories is not null && Categories.Count != n)
            throw new ArgumentException($"{Categories.Count} category labels for an RDM of {n} items", nameof(Categories));

        var values = Ranked ? RankTransform.ToPercentiles(_rdm) : _rdm;
        var plot = PlotStyle.NewPlot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Rectangle = new CoordinateRect(0, n, 0, n);   // cell edges, so item i spans [i, i+1)
        heatmap.NaNCellColor = Colors.LightGray;
        if (Ranked) heatmap.ManualRange = new ScottPlot.Range(0, 100);
        var colorbar = plot.Add.ColorBar(heatmap);
        colorbar.Label = ValueLabel ?? (Ranked ? "dissimilarity (percentile)" : "dissimilarity");
        colorbar.LabelStyle.FontSize = 13;
        // Fewer, shorter tick labels keep the rotated label clear of them.
        colorbar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TargetTickCount = 6 };

        plot.HideGrid();
        plot.Axes.SetLimits(0, n, 0, n);
        if (Title is not null) plot.Title(Title, size: 16);

        if (Categories is not null) MarkCategories(plot, CategoryBlock.FromLabels(Categories), n, showCounts: ItemsPerCell == 1);
        else LabelItems(plot, n, ItemsPerCell);
        PlotStyle.SavePng(plot, path, Width, Height);
    }

    /// <summary>Tick labels at block centres and thin separators between blocks, on both axes.</summary>
    static void MarkCategories(Plot plot, IReadOnlyList<CategoryBlock> blocks, int n, bool showCounts)
    {
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        var left = new ScottPlot.TickGenerators.NumericManual();
        foreach (var block in blocks)
        {
            string label = showCounts ? $"{block.Label} ({block.Count})" : block.Label;
            bottom.AddMajor(block.Centre, label);
            left.AddMajor(n - block.Centre, label);
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickGenerator = left;
        PlotStyle.RotateBottomLabels(plot, blocks.Select(b => b.Label + " (00)"), fontSize: 11);
        plot.Axes.Left.TickLabelStyle.FontSize = 11;

        foreach (var block in blocks.Skip(1))
        {
            var vertical = plot.Add.VerticalLine(block.Start, 1, Colors.White);
            var horizontal = plot.Add.HorizontalLine(n - block.Start, 1, Colors.White);
            vertical.LabelText = horizontal.LabelText = "";
        }
    }

    /// <summary>Item numbers (1-based, as in MATLAB) at a readable spacing; with <paramref name="itemsPerCell"/> above 1,
    /// cell c is labelled with the first condition it spans.</summary>
    static void LabelItems(Plot plot, int n, int itemsPerCell)
    {
        int step = n <= 12 ? 1 : n <= 30 ? 5 : n <= 120 ? 10 : 50;
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int item = 1; item <= n; item = item == 1 && step > 1 ? step : item + step)
        {
            string label = ((item - 1) * itemsPerCell + 1).ToString();
            bottom.AddMajor(item - 0.5, label);
            left.AddMajor(n - item + 0.5, label);
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickGenerator = left;
        plot.XLabel("item");
        plot.YLabel("item");
    }
}
