using DissimNet.Reports;

namespace DissimNet.Tests.Reports;

public class RdmHeatmapPlotTests
{
    /// <summary>A 12-item RDM with three blocks of four: small within blocks, large between.</summary>
    internal static (double[,] Rdm, string[] Categories) BlockRdm()
    {
        string[] names = ["faces", "bodies", "artificial inanimate"];
        var categories = Enumerable.Range(0, 12).Select(i => names[i / 4]).ToArray();
        var rdm = new double[12, 12];
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < 12; j++)
                rdm[i, j] = i == j ? 0 : (i / 4 == j / 4 ? 0.2 : 0.9) + 0.01 * Math.Abs(i - j);
        return (rdm, categories);
    }

    [Fact]
    public void Writes_a_png_of_the_requested_size_with_visible_title_text()
    {
        var (rdm, categories) = BlockRdm();
        var path = Path.Combine(FigureFiles.Folder("rdm-heatmap"), "blocks.png");
        new RdmHeatmapPlot(rdm) { Title = "Block RDM", Categories = categories, Width = 640, Height = 600 }.SavePng(path);

        using var bitmap = FigureFiles.Decode(path);
        Assert.Equal(640, bitmap.Width);
        Assert.Equal(600, bitmap.Height);
        // The title sits in the top 30 pixels: glyphs there prove a font was found and used.
        Assert.InRange(FigureFiles.DarkFraction(bitmap, 0, 0, 640, 30), 0.005, 0.5);
        Assert.True(FigureFiles.DistinctColours(bitmap) > 20, "the heatmap should show a range of colormap colours");
    }

    [Fact]
    public void This_machine_has_a_font_for_figure_text()
    {
        // The CI and developer machines install fonts-dejavu-core; without a font, titles and labels vanish silently.
        Assert.Null(FigureFonts.MissingFontWarning());
    }

    [Fact]
    public void Ranked_view_and_unlabelled_items_render()
    {
        var (rdm, _) = BlockRdm();
        var path = Path.Combine(FigureFiles.Folder("rdm-heatmap"), "ranked.png");
        new RdmHeatmapPlot(rdm) { Ranked = true, Width = 500, Height = 450 }.SavePng(path);
        using var bitmap = FigureFiles.Decode(path);
        Assert.Equal((500, 450), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void Rejects_category_labels_of_the_wrong_length()
    {
        var (rdm, categories) = BlockRdm();
        var plot = new RdmHeatmapPlot(rdm) { Categories = categories[..5] };
        Assert.Throws<ArgumentException>(() => plot.SavePng(Path.Combine(FigureFiles.Folder("rdm-heatmap"), "bad.png")));
    }

    [Fact]
    public void Category_blocks_are_contiguous_runs()
    {
        var blocks = CategoryBlock.FromLabels(["a", "a", "b", "c", "c", "c", "a"]);
        Assert.Equal(
            [new CategoryBlock("a", 0, 2), new CategoryBlock("b", 2, 3), new CategoryBlock("c", 3, 6), new CategoryBlock("a", 6, 7)],
            blocks);
        Assert.Equal(4.5, blocks[2].Centre);
        Assert.Empty(CategoryBlock.FromLabels([]));
    }

    [Fact]
    public void Percentiles_rank_off_diagonal_values_with_tied_ranks_shared()
    {
        // Off-diagonal values 3, 1, 1, 2 (and mirrored): sorted 1,1,1,1,2,2,3,3 over 8 cells, ranks 0..7.
        var rdm = new double[,] { { 0, 3, 1 }, { 3, 0, 2 }, { 1, 2, 0 } };
        var p = RankTransform.ToPercentiles(rdm);
        Assert.Equal(0, p[0, 0]);
        Assert.Equal(100 * 0.5 / 5, p[0, 2], 12);      // value 1: ranks 0,1 -> 0.5 of 5
        Assert.Equal(100 * 2.5 / 5, p[1, 2], 12);      // value 2: ranks 2,3
        Assert.Equal(100 * 4.5 / 5, p[0, 1], 12);      // value 3: ranks 4,5
        Assert.Equal(p[0, 1], p[1, 0]);
    }
}
