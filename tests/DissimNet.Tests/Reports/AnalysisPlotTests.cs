using DissimNet.Rdms;
using DissimNet.Reports;

namespace DissimNet.Tests.Reports;

public class AnalysisPlotTests
{
    static readonly string[] Layers = ["conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7", "fc8"];

    [Fact]
    public void Layer_profile_with_two_series_error_bars_and_noise_ceiling()
    {
        var before = new LayerProfileSeries("pretrained", [0.05, 0.08, 0.12, 0.15, 0.21, 0.24, 0.22, 0.18], [0.02, 0.02, 0.03, 0.02, 0.03, 0.03, 0.02, 0.02]);
        var after = new LayerProfileSeries("trained on fc7", [0.05, 0.09, 0.13, 0.18, 0.26, 0.31, 0.36, 0.30]);
        var path = Path.Combine(FigureFiles.Folder("analysis"), "layer-profile.png");
        new LayerProfilePlot(Layers) { Series = [before, after], NoiseCeiling = (0.42, 0.55), Title = "Layer profile" }.SavePng(path);

        using var bitmap = FigureFiles.Decode(path);
        Assert.Equal((820, 520), (bitmap.Width, bitmap.Height));
        Assert.InRange(FigureFiles.DarkFraction(bitmap, 0, 0, 820, 30), 0.005, 0.5);
    }

    [Fact]
    public void Layer_profile_rejects_a_series_of_the_wrong_length()
    {
        var plot = new LayerProfilePlot(Layers) { Series = [new LayerProfileSeries("short", [0.1, 0.2])] };
        Assert.Throws<ArgumentException>(() => plot.SavePng(Path.Combine(FigureFiles.Folder("analysis"), "bad.png")));
    }

    [Fact]
    public void Training_curves_with_loss_and_held_out_scores_per_layer()
    {
        int[] epochs = [1, 2, 3, 4, 5, 6];
        var path = Path.Combine(FigureFiles.Folder("analysis"), "training-curves.png");
        new TrainingCurvesPlot(epochs)
        {
            TrainLoss = [0.9, 0.62, 0.48, 0.41, 0.37, 0.35],
            HeldOutScores = [("fc6", [0.25, 0.28, 0.30, 0.31, 0.31, 0.30]), ("fc7", [0.26, 0.31, 0.35, 0.37, 0.36, double.NaN])],
            Baseline = new Dictionary<string, double> { ["fc6"] = 0.24, ["fc7"] = 0.22 },
            HighlightLayer = "fc7",
            Width = 700,
            Height = 600,
        }.SavePng(path);

        using var bitmap = FigureFiles.Decode(path);
        Assert.Equal((700, 600), (bitmap.Width, bitmap.Height));
        Assert.True(FigureFiles.DistinctColours(bitmap) > 10);
    }

    [Fact]
    public void Selection_heatmap_marks_the_selected_cell()
    {
        var scores = new double[3, 5];
        for (int l = 0; l < 3; l++) for (int e = 0; e < 5; e++) scores[l, e] = 0.1 * l + 0.02 * e;
        scores[2, 4] = double.NaN;
        var path = Path.Combine(FigureFiles.Folder("analysis"), "selection.png");
        new SelectionHeatmapPlot(["fc6", "fc7", "fc8"], [1, 2, 3, 4, 5], scores) { Selected = (2, 3), Title = "Selection" }.SavePng(path);

        using var bitmap = FigureFiles.Decode(path);
        Assert.Equal((820, 480), (bitmap.Width, bitmap.Height));
        int red = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 200 && c.Green < 60 && c.Blue < 60) red++;
            }
        Assert.True(red > 100, $"the red outline of the selected cell should be visible ({red} red pixels)");
    }

    [Fact]
    public void Selection_heatmap_rejects_a_cell_outside_the_grid()
    {
        var plot = new SelectionHeatmapPlot(["a"], [1, 2], new double[1, 2]) { Selected = (1, 0) };
        Assert.Throws<ArgumentOutOfRangeException>(() => plot.SavePng(Path.Combine(FigureFiles.Folder("analysis"), "bad.png")));
    }

    [Fact]
    public void Mds_scatter_coloured_by_category()
    {
        var (rdm, categories) = RdmHeatmapPlotTests.BlockRdm();
        var path = Path.Combine(FigureFiles.Folder("analysis"), "mds.png");
        new MdsScatterPlot(ClassicalMds.Embed(rdm)) { Categories = categories, Title = "MDS" }.SavePng(path);

        using var bitmap = FigureFiles.Decode(path);
        Assert.Equal((760, 620), (bitmap.Width, bitmap.Height));
    }
}
