using System.Text.Json.Nodes;
using DissimNet.Cli.Jobs;
using DissimNet.Sweeps;
using DissimNet.Tests.Algonauts;
using DissimNet.Tests.Sweeps;

namespace DissimNet.Tests.Cli;

/// <summary><c>crossval --jobs</c> and <c>crossval --slurm</c>: the folds as cells of a sweep folder inside the cross-validation folder,
/// run here as child processes or written as a Slurm job array of one task per fold.</summary>
// The in-process crossval runs with --threads 1, which sets libtorch's process-wide thread count, and its seeded numbers (from
// libtorch's process-wide random generator) are compared with the fold processes'.
[Collection("Process-wide torch state")]
public sealed class CrossValJobsTests() : TempFolderTests("crossval-jobs")
{
    /// <summary>A tiny cross-validation: 12 images of 8 x 8 pixels and 15 subjects' RDMs, ResNet-18 at 32 pixels, one epoch, 2 folds.</summary>
    string[] TinyCrossval(string outFolder)
    {
        var layout = Path.Combine(TempRoot, "data");
        if (!Directory.Exists(layout)) AlgonautsTrainingLayoutTests.MakeLayout(layout);
        var set = Path.Combine(layout, "Training_Data", "92_Image_Set");
        return
        [
            "crossval", "--images", Path.Combine(set, "92images"), "--target", Path.Combine(set, "target_fmri.mat") + ":IT_RDMs",
            "--model", "resnet18", "--size", "32", "--freeze", "upto:layer1", "--layers", "layer2,layer3,layer4", "--train-layer", "layer4",
            "--epochs", "1", "--batch", "8", "--folds", "2", "--repeats", "1", "--holdout-fraction", "0.5", "--bootstrap", "20", "--seed", "3", "--threads", "1", "--out", outFolder,
        ];
    }

    /// <summary>crossval.json without what may differ between two runs of the same folds: times and the command line.</summary>
    static string Comparable(string folder)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "crossval.json")))!;
        void Strip(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                foreach (var key in o.Select(kv => kv.Key).Where(k => k is "seconds" or "command").ToList()) o.Remove(key);
                foreach (var kv in o) Strip(kv.Value);
            }
            else if (node is JsonArray a) foreach (var item in a) Strip(item);
        }
        Strip(root);
        return root.ToJsonString();
    }

    [Fact]
    public void TwoJobsGiveTheSameResultsAsOne()
    {
        SweepFixture.UseBuiltCli();
        Directory.CreateDirectory(TempRoot);
        var one = Path.Combine(TempRoot, "one");
        var (code, stdout, stderr) = CliHarness.Run([.. TinyCrossval(one), "--jobs", "1"]);
        Assert.True(code == 0, stderr);

        // Each fold a child process with one thread (as --threads 1 gives the run above), its messages echoed with the fold.
        var two = Path.Combine(TempRoot, "two");
        (code, stdout, stderr) = CliHarness.Run([.. TinyCrossval(two), "--jobs", "2"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("[fold 1] ", stderr);
        Assert.Contains("[fold 2] ", stderr);
        Assert.Contains(two, stdout);
        Assert.Equal(Comparable(one), Comparable(two));

        // The folds are done cells; the same command again only gathers, and so does collect.
        var folder = SweepFolder.Open(FoldCells.PathIn(two));
        Assert.All(folder.Cells, c => Assert.Equal(CellState.Done, folder.Status(c).State));
        (code, _, stderr) = CliHarness.Run([.. TinyCrossval(two), "--jobs", "2"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("2 of 2 cells are done already", stderr);
        File.Delete(Path.Combine(two, "crossval.json"));
        (code, stdout, stderr) = CliHarness.Run("collect", two);
        Assert.True(code == 0, stderr);
        Assert.Equal(Comparable(one), Comparable(two));
    }

    [SlurmFact]
    public void AJobArrayRunsTheFoldsAndCollectGathersThemAsALocalRunWould()
    {
        SlurmFactAttribute.RequireCluster();
        SweepFixture.UseBuiltCli();
        Directory.CreateDirectory(TempRoot);
        var local = Path.Combine(TempRoot, "local");
        var (code, stdout, stderr) = CliHarness.Run(TinyCrossval(local));
        Assert.True(code == 0, stderr);

        var slurm = Path.Combine(TempRoot, "slurm");
        (code, stdout, stderr) = CliHarness.Run([.. TinyCrossval(slurm), "--slurm", "--slurm-cpus", "1", "--slurm-memory", "2G", "--slurm-time", "00:10:00"]);
        Assert.True(code == 0, stderr);
        var job = System.Text.RegularExpressions.Regex.Match(stdout, @"submitted job array (\d+) \(2 tasks").Groups[1].Value;
        Assert.NotEmpty(job);
        SlurmSweepTests.WaitFor(job);

        (code, stdout, stderr) = CliHarness.Run("collect", slurm);
        Assert.True(code == 0, stdout + stderr);
        Assert.Equal(Comparable(local), Comparable(slurm));
        // Submitting again sends nothing: every fold is done.
        (code, stdout, _) = CliHarness.Run([.. TinyCrossval(slurm), "--slurm", "--slurm-cpus", "1"]);
        Assert.Contains("all 2 folds are done; nothing to submit", stdout);
    }

    [Fact]
    public void TheSlurmDryRunWritesOneArrayTaskPerFoldAndQuotesTheFolder()
    {
        SweepFixture.UseBuiltCli();
        Directory.CreateDirectory(TempRoot);
        var cv = Path.Combine(TempRoot, "it's a \"cv\" #1");
        var (code, stdout, stderr) = CliHarness.Run("crossval", "--folds", "2", "--repeats", "2", "--epochs", "1", "--out", cv,
            "--slurm", "--dry-run", "--slurm-cpus", "3", "--slurm-time", "00:30:00");
        Assert.True(code == 0, stderr);
        var script = Path.Combine(cv, FoldCells.SlurmScript);
        Assert.Contains($"wrote {script} (4 array tasks)", stdout);
        var lines = File.ReadAllLines(script);
        foreach (var expected in new[] { "#SBATCH --array=0-3", "#SBATCH --cpus-per-task=3", "#SBATCH --time=00:30:00", "#SBATCH --mem=4G" })
            Assert.Contains(expected, lines);
        var cells = Path.GetFullPath(FoldCells.PathIn(cv));
        Assert.Contains($"#SBATCH --output=\"{cells.Replace("\"", "\\\"").Replace("#", "\\#")}/slurm/%A_%a.out\"", lines);

        // Each task runs one fold cell; the folder reaches the shell as one word, apostrophe, quotes and all.
        var exec = Assert.Single(lines, l => l.StartsWith("exec ", StringComparison.Ordinal));
        var exe = DissimNetExecutable.Require();
        Assert.Equal($"exec {exe.CommandText} sweep-cell {ShellQuote.Word(cells)} \"$SLURM_ARRAY_TASK_ID\" --threads-per-cell \"${{SLURM_CPUS_PER_TASK:-3}}\"", exec);
        var (exit, echoed) = SweepFixture.Run("bash", "-c", $"printf '%s' {ShellQuote.Word(cells)}");
        Assert.Equal((0, cells), (exit, echoed));

        // Cell K runs fold K + 1 with the options given, into the cross-validation folder; nothing was trained.
        var folder = SweepFolder.Open(cells);
        Assert.Equal(4, folder.Cells.Count);
        Assert.Equal(["crossval", "--folds", "2", "--repeats", "2", "--epochs", "1", "--fold", "3", "--out", Path.GetFullPath(cv)],
            CellCommandLine.Arguments(CellSteps.For(folder, folder.Cells[2])[0]));
        Assert.False(Directory.Exists(Path.Combine(cv, "fold-01")));

        // Until the folds have run, collect gathers nothing and says what is missing.
        (code, stdout, stderr) = CliHarness.Run("collect", cv);
        Assert.True(code == 0, stderr);
        Assert.Contains("0 of 4 folds done; nothing gathered yet", stdout);
        Assert.Contains("fold 4: not started", stdout);
    }

    [Theory]
    [InlineData(new[] { "--slurm", "--jobs", "2" }, "error: choose --jobs N or --slurm, not both")]
    [InlineData(new[] { "--dry-run" }, "error: --dry-run goes with --slurm")]
    [InlineData(new[] { "--slurm", "--fold", "1" }, "error: --slurm runs every fold not yet done; drop --fold")]
    [InlineData(new[] { "--slurm", "--slurm-memory", "lots" }, "error: --slurm-memory: expected Slurm's memory syntax")]
    public void SlurmOptionsThatDoNotGoTogetherAreRefused(string[] options, string message)
    {
        SweepFixture.UseBuiltCli();
        var cv = Path.Combine(TempRoot, "cv");
        var (code, _, stderr) = CliHarness.Run(["crossval", "--folds", "2", "--repeats", "1", "--out", cv, .. options]);
        Assert.Equal(2, code);
        Assert.StartsWith(message, stderr.Trim());
        Assert.False(File.Exists(Path.Combine(cv, FoldCells.SlurmScript)));
    }
}
