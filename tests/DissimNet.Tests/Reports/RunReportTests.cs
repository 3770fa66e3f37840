using System.Text.RegularExpressions;
using DissimNet.Reports;
using DissimNet.Training;

namespace DissimNet.Tests.Reports;

public class RunReportTests
{
    static readonly string[] Sections = ["Layer profile", "Training and model selection", "RDMs of the held-out images", "MDS of the held-out images", "Scores per layer", "Command and settings"];

    static IReadOnlyList<string> ImageSources(string html) =>
        Regex.Matches(html, "<img src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public void Complete_run_gives_every_section_and_figure_and_references_only_existing_files()
    {
        var run = SyntheticRun.Write(FigureFiles.Folder("run-complete"));
        var result = RunReport.Write(RunFolderReader.Read(run), new RunFolder(run).ReportPath);

        var html = File.ReadAllText(result.HtmlPath);
        foreach (var section in Sections) Assert.Matches($"<h2[^>]*>{section}</h2>", html);
        Assert.All(result.Figures, f => Assert.True(f.Written, $"{f.Title} was skipped: {f.SkipReason}"));
        Assert.Equal(8, result.Figures.Count);
        var sources = ImageSources(html);
        Assert.Equal(8, sources.Count);
        foreach (var source in sources)
        {
            Assert.DoesNotContain("://", source);
            using var png = FigureFiles.Decode(Path.Combine(run, source.Replace("&amp;", "&")));
        }
        Assert.DoesNotContain("http", html);   // no network: no external scripts, styles or images
        Assert.DoesNotContain("<script", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(SyntheticRun.Command), html);
        Assert.DoesNotContain("class=\"missing\"", html);
        Assert.Contains("0.420 – 0.510", html);      // noise ceiling headline
        Assert.Contains("fc7 (trained)", html);
        Assert.DoesNotContain("split.val lists", html);   // rdms.npz matches the split
    }

    [Fact]
    public void Missing_rdm_files_skip_their_figures_with_a_note()
    {
        var run = SyntheticRun.Write(FigureFiles.Folder("run-no-rdms"), withRdms: false, withCategories: false);
        var result = RunReport.Write(RunFolderReader.Read(run), new RunFolder(run).ReportPath);

        var html = File.ReadAllText(result.HtmlPath);
        foreach (var section in Sections) Assert.Matches($"<h2[^>]*>{section}</h2>", html);
        Assert.Equal(3, result.Figures.Count(f => f.Written));       // profile, curves, selection
        Assert.Equal(5, result.Figures.Count(f => !f.Written));      // three heatmaps, two MDS
        Assert.Equal(5, Regex.Matches(html, "class=\"missing\"").Count);
        Assert.Contains($"{RunFolder.RdmsFile} not found", html);
        foreach (var source in ImageSources(html)) Assert.True(File.Exists(Path.Combine(run, source)), source);
    }

    [Fact]
    public void Missing_categories_draw_rdms_without_blocks()
    {
        var run = SyntheticRun.Write(FigureFiles.Folder("run-no-categories"), withCategories: false);
        var result = RunReport.Write(RunFolderReader.Read(run), new RunFolder(run).ReportPath);
        Assert.All(result.Figures, f => Assert.True(f.Written, f.SkipReason));
        Assert.Contains($"{RunFolder.CategoriesFile} not found", File.ReadAllText(result.HtmlPath));
    }

    [Fact]
    public void Embedded_report_needs_no_other_file()
    {
        var run = SyntheticRun.Write(FigureFiles.Folder("run-embedded"));
        var result = RunReport.Write(RunFolderReader.Read(run), Path.Combine(run, "single.html"), embedImages: true);
        var sources = ImageSources(File.ReadAllText(result.HtmlPath));
        Assert.Equal(8, sources.Count);
        Assert.All(sources, s => Assert.StartsWith("data:image/png;base64,", s));
    }

    [Fact]
    public void Folder_without_summary_is_a_clear_error()
    {
        var folder = FigureFiles.Folder("run-empty");
        var error = Assert.Throws<DissimNetException>(() => RunFolderReader.Read(folder));
        Assert.Contains(RunFolder.SummaryFile, error.Message);
    }

    [Fact]
    public void Reader_keeps_layer_order_and_the_best_cell()
    {
        var data = RunFolderReader.Read(SyntheticRun.Write(FigureFiles.Folder("run-read")));
        Assert.Equal(SyntheticRun.Layers, data.Layers);
        Assert.Equal(4, data.Epochs.Count);
        Assert.Equal(12, data.HeldOutImages.Count);
        Assert.Equal((0.42, 0.51), data.NoiseCeiling);
        Assert.NotNull(data.Best);
        Assert.Equal(data.Best!.Score, data.ScoreAt(data.Best.Layer, data.Best.Epoch));
        Assert.Equal(SyntheticRun.Command, data.Command);
        Assert.DoesNotContain(data.Settings, s => s.Key == "command");
        Assert.Equal(12, data.Rdms!.Target!.GetLength(0));
    }

    [Fact]
    public void Grouping_by_category_is_stable_in_order_of_first_appearance()
    {
        Assert.Equal([0, 3, 1, 4, 2], RdmMatrix.GroupByCategory(["b", "a", "c", "b", "a"]));
        var reordered = RdmMatrix.Reorder(new double[,] { { 0, 1, 2 }, { 1, 0, 3 }, { 2, 3, 0 } }, [2, 0, 1]);
        Assert.Equal(new double[,] { { 0, 2, 3 }, { 2, 0, 1 }, { 3, 1, 0 } }, reordered);
    }
}
