using DissimNet.Tests.Reports;
using static DissimNet.Tests.Rdms.ReferenceValues;
using DissimNet.Training;

namespace DissimNet.Tests.Cli;

public class FigureCommandTests
{
    static readonly string Categories = Supplemental("stimuli_92objs.category");

    [Fact]
    public void Plot_rdm_draws_the_mean_of_a_stack_with_category_blocks()
    {
        var path = Path.Combine(FigureFiles.Folder("cli"), "hIT.png");
        var (exit, stdout, stderr) = CliHarness.Run("plot-rdm", BrainRdms, "--out", path, "--categories", Categories, "--rank", "--width", "700", "--height", "640");

        Assert.True(exit == 0, stderr);
        Assert.Contains("holds 8 RDMs; drawing their mean", stderr);
        Assert.Contains("92 x 92", stdout);
        using var png = FigureFiles.Decode(path);
        Assert.Equal((700, 640), (png.Width, png.Height));
    }

    [Fact]
    public void Plot_rdm_refuses_categories_of_the_wrong_count()
    {
        var labels = Path.Combine(FigureFiles.Folder("cli"), "three.json");
        File.WriteAllText(labels, "[\"a\", \"b\", \"c\"]");
        var (exit, _, stderr) = CliHarness.Run("plot-rdm", BrainRdms + "[0]", "--out", Path.Combine(FigureFiles.Folder("cli"), "x.png"), "--categories", labels);
        Assert.Equal(2, exit);
        Assert.Contains("3 category labels, but the RDM has 92 conditions", stderr);
    }

    [Fact]
    public void Report_writes_the_html_of_a_run_folder()
    {
        var run = SyntheticRun.Write(FigureFiles.Folder("cli-run"), withRdms: false);
        var output = Path.Combine(run, "out", "r.html");
        var (exit, stdout, stderr) = CliHarness.Run("report", run, "--out", output);

        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(output));
        Assert.Contains("3 of 8 figures", stdout);
        Assert.Contains("note: skipped", stderr);
    }

    [Fact]
    public void Report_on_a_folder_without_summary_is_a_user_error()
    {
        var (exit, _, stderr) = CliHarness.Run("report", FigureFiles.Folder("cli-empty"));
        Assert.Equal(2, exit);
        Assert.Contains(RunFolder.SummaryFile, stderr);
    }
}
