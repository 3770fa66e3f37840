using DissimNet.Sweeps;
using DissimNet.Tests.Cli;

namespace DissimNet.Tests.Sweeps;

/// <summary>A sweep on this machine end to end: cells as child processes, a failed cell reported with its error by collect,
/// and a re-run that runs only the failed cell.</summary>
public sealed class LocalSweepTests() : TempFolderTests("sweep-local")
{
    [Fact]
    public void RunsTheCellsReportsTheFailedOneAndRerunsOnlyIt()
    {
        SweepFixture.UseBuiltCli();
        var plan = SweepFixture.WritePlan(TempRoot);
        var sweep = Path.Combine(TempRoot, "sweep");

        var (code, stdout, stderr) = CliHarness.Run("sweep", plan, "--out", sweep, "--local", "2");
        Assert.True(code == 1, $"exit {code}: {stdout}{stderr}"); // a failed cell makes the sweep's exit code 1
        Assert.Contains("3 cells done, 1 failed", stdout);

        (code, stdout, stderr) = CliHarness.Run("collect", sweep);
        Assert.True(code == 0, stderr);
        Assert.Contains("4 cells: 3 done, 1 failed", stdout);
        Assert.Matches(@"failed: train-layer-layer9-[0-9a-f]{8}: error: .*layer9", stdout);
        var csv = File.ReadAllLines(Path.Combine(sweep, SweepFolder.ResultsCsv));
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("index,id,train-layer,status,seconds,metric,epochs,best_layer,best_epoch,best_val_score", csv[0]);
        Assert.Equal(3, csv.Count(l => l.Contains(",done,")));
        var html = File.ReadAllText(Path.Combine(sweep, SweepFolder.ResultsHtml));
        Assert.Contains("Failed cells (1)", html);
        Assert.Contains("data:image/png;base64,", html);

        // Each done cell is a normal run folder.
        var folder = SweepFolder.Open(sweep);
        var done = folder.Cells.Where(c => folder.Status(c).State == CellState.Done).ToList();
        Assert.Equal(3, done.Count);
        Assert.All(done, c => Assert.True(new DissimNet.Training.RunFolder(Path.Combine(folder.CellPath(c), "run")).ReadSummary().Complete));

        // Again: only the failed cell runs.
        var before = done.ToDictionary(c => c.Id, c => File.ReadAllText(folder.StatusPath(c)));
        var failed = folder.Cells.Single(c => folder.Status(c).State == CellState.Failed);
        var failedStart = folder.Status(failed).Started;
        (code, stdout, _) = CliHarness.Run("sweep", plan, "--out", sweep, "--local", "2");
        Assert.Equal(1, code);
        Assert.Contains("0 cells done, 1 failed, 3 done before", stdout);
        Assert.All(done, c => Assert.Equal(before[c.Id], File.ReadAllText(folder.StatusPath(c))));
        Assert.NotEqual(failedStart, folder.Status(failed).Started);
    }

    [Fact]
    public void AMistypedOptionIsRefusedBeforeAnyCellRuns()
    {
        SweepFixture.UseBuiltCli();
        Directory.CreateDirectory(TempRoot);
        var plan = Path.Combine(TempRoot, "plan.json");
        File.WriteAllText(plan, """{"command": "train", "options": {"learning-rate": 0.1}, "grid": {"seed": [1, 2]}}""");
        var sweep = Path.Combine(TempRoot, "sweep");
        var (code, _, stderr) = CliHarness.Run("sweep", plan, "--out", sweep);
        Assert.Equal(2, code);
        Assert.Contains($"error: {plan}: cell seed-1-", stderr);
        Assert.Contains("--learning-rate", stderr);
        Assert.False(Directory.Exists(sweep)); // nothing written
    }
}
