using DissimNet.Rdms;
using ScottPlot;

namespace DissimNet.Reports;

/// <summary>A 2-D classical MDS of an RDM, one dot per item coloured by category, with a legend.</summary>
internal sealed class MdsScatterPlot
{
    readonly MdsEmbedding _embedding;

    /// <summary>Prepares a scatter of an embedding with at least two axes.</summary>
    public MdsScatterPlot(MdsEmbedding embedding)
    {
        if (embedding.Coordinates.GetLength(1) < 2)
            throw new ArgumentException("an MDS scatter needs a 2-D embedding", nameof(embedding));
        _embedding = embedding;
    }

    /// <summary>Embeds an RDM in two dimensions and prepares its scatter.</summary>
    public static MdsScatterPlot FromRdm(double[,] rdm) => new(ClassicalMds.Embed(rdm, 2));

    /// <summary>One category per item (colour and legend); null draws all items alike.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>Title above the plot.</summary>
    public string? Title { get; init; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 760;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 620;

    /// <summary>Draws the figure and writes it as a PNG.</summary>
    public void SavePng(string path)
    {
        var xy = _embedding.Coordinates;
        int n = xy.GetLength(0);
        if (Categories is not null && Categories.Count != n)
            throw new ArgumentException($"{Categories.Count} category labels for {n} items", nameof(Categories));

        var plot = PlotStyle.NewPlot();
        var groups = Categories is null
            ? [("items", Enumerable.Range(0, n).ToArray())]
            : Categories.Select((label, i) => (label, i)).GroupBy(p => p.label)
                .Select(g => (g.Key, g.Select(p => p.i).ToArray())).ToList();
        for (int g = 0; g < groups.Count; g++)
        {
            var (label, items) = groups[g];
            var markers = plot.Add.Markers(items.Select(i => xy[i, 0]).ToArray(), items.Select(i => xy[i, 1]).ToArray());
            markers.Color = PlotStyle.Categorical[g % PlotStyle.Categorical.Length];
            markers.MarkerSize = 9;
            markers.LegendText = $"{label} ({items.Length})";
        }
        plot.XLabel($"MDS 1 ({100 * _embedding.ExplainedFraction(0):0}% of variance)");
        plot.YLabel($"MDS 2 ({100 * _embedding.ExplainedFraction(1):0}% of variance)");
        if (Title is not null) plot.Title(Title, size: 16);
        if (Categories is not null) plot.ShowLegend(Edge.Right);
        plot.Axes.SquareUnits();
        PlotStyle.SavePng(plot, path, Width, Height);
    }
}
