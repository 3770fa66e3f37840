using DissimNet.Cli.Jobs;
using DissimNet.Sweeps;

namespace DissimNet.Tests.Sweeps;

/// <summary>The executors' bookkeeping with a stand-in for dissimnet (a shell script), so it runs in milliseconds:
/// statuses, logs, the result file of a step, threads per cell, and a cancelled sweep that loses nothing.</summary>
public sealed class CellRunnerTests() : TempFolderTests("sweep-runner")
{
    /// <summary>A fake dissimnet: records its arguments and OMP_NUM_THREADS, fails for seed 3, sleeps for seed 9, writes a score file for score, writes each command's result.</summary>
    DissimNetExecutable FakeDissimnet()
    {
        Directory.CreateDirectory(TempRoot);
        var script = Path.Combine(TempRoot, "fake-dissimnet");
        File.WriteAllText(script, """
            #!/bin/bash
            echo "$OMP_NUM_THREADS $*" >> "$(dirname "$0")/calls.txt"
            case " $* " in
              *" --seed 3 "*) echo "progress line" >&2; echo "error: seed 3 is cursed" >&2; exit 2 ;;
              *" --seed 9 "*) sleep 30 ;;
            esac
            if [[ $1 == score ]]; then echo '{"method": "spearman", "condition_count": 12, "time_count": 1, "per_subject": [0.2, 0.3], "mean": 0.25, "mean_r2": 0.065, "noise_ceiling": {"lower": 0.3, "upper": 0.6}}' > "${@: -1}"; fi
            if [[ $1 == rdm ]]; then out="${@: -1}"; echo rdm > "$out"; fi
            if [[ $1 == train ]]; then prev=""; for a in "$@"; do [[ $prev == --out ]] && out="$a"; prev="$a"; done; mkdir -p "$out"; echo '{"architecture": "resnet18", "best": {"layer": "layer4", "epoch": 0, "score": 0.3}}' > "$out/summary.json"; fi
            if [[ $1 == crossval ]]; then out="${@: -1}"; mkdir -p "$out"; echo '{"score_method": "mean spearman over subjects", "folds": 2, "repeats": 5, "trained": {"mean": 0.27, "corrected": {"standard_error": 0.05}}, "pretrained": {"mean": 0.2}, "gain": {"mean": 0.07, "corrected": {"p_value": 0.03, "interval": {"lower": 0.01, "upper": 0.13}}}, "noise_ceiling": {"lower": 0.37, "upper": 0.66}}' > "$out/crossval.json"; fi
            exit 0
            """.Replace("\r", ""));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return DissimNetExecutable.FromPath(script);
    }

    SweepFolder Folder(string grid, string command = "train")
    {
        var plan = Path.Combine(TempRoot, $"plan-{Guid.NewGuid():N}.json");
        File.WriteAllText(plan, $$"""{"command": "{{command}}", "options": {"images": "x"}, "grid": {{grid}}}""");
        return SweepFolder.Create(Path.Combine(TempRoot, "sweep-" + Guid.NewGuid().ToString("N")), SweepPlanReader.Read(plan));
    }

    string[] Calls() => File.ReadAllLines(Path.Combine(TempRoot, "calls.txt"));

    [Fact]
    public void StatusesLogsAndThreadsPerCell()
    {
        var exe = FakeDissimnet();
        var folder = Folder("""{"seed": [1, 2, 3, 4]}""");
        var result = LocalCells.Run(folder, exe, jobs: 2);
        Assert.Equal(new SweepRunResult(4, 3, 1, 0), result);
        int threads = ChildProcesses.ThreadsPerJob(2);
        Assert.All(Calls(), line => Assert.StartsWith($"{threads} train --images x --seed ", line));
        var failed = folder.Status(folder.Cells[2]);
        Assert.Equal((CellState.Failed, 2, "error: seed 3 is cursed", "train"), (failed.State, failed.ExitCode, failed.Error, failed.Step));
        Assert.Contains("progress line", File.ReadAllText(Path.Combine(folder.CellPath(folder.Cells[2]), SweepFolder.StderrLog)));
        Assert.Equal(CellState.Done, folder.Status(folder.Cells[3]).State);
        Assert.Contains("--out " + Path.Combine(folder.CellPath(folder.Cells[0]), "run"),
            File.ReadAllText(Path.Combine(folder.CellPath(folder.Cells[0]), SweepFolder.CommandFile)));

        // Again: only the failed cell runs.
        File.Delete(Path.Combine(TempRoot, "calls.txt"));
        Assert.Equal(new SweepRunResult(1, 0, 1, 3), LocalCells.Run(folder, exe, jobs: 2));
        Assert.Single(Calls());
    }

    [Fact]
    public void RdmScoreCellsKeepTheScoresJsonAndCollectReadsIt()
    {
        var exe = FakeDissimnet();
        var folder = Folder("""{"layers": ["a", "b"]}""", "rdm-score");
        Assert.Equal(new SweepRunResult(2, 2, 0, 0), LocalCells.Run(folder, exe, jobs: 1));
        var results = SweepCollector.Collect(folder);
        Assert.All(results.Rows, r => Assert.Equal(0.25, r.Headline));
        Assert.Contains(new KeyValuePair<string, object?>("noise_ceiling_lower", 0.3), results.Rows[0].Metrics);
        var csv = SweepResultFiles.Csv(results).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("index,id,layers,status,seconds,metric,n_conditions,n_subjects,mean,noise_ceiling_lower,noise_ceiling_upper,error", csv[0]);
        Assert.Matches(@"^0,layers-a-[0-9a-f]{8},a,done,[0-9.]+,spearman,12,2,0.25,0.3,0.6,$", csv[1]);
    }

    [Fact]
    public void CrossvalCellsAreRankedByTheirMeanTestScore()
    {
        var exe = FakeDissimnet();
        var folder = Folder("""{"seed": [1, 2]}""", "crossval");
        Assert.Equal(new SweepRunResult(2, 2, 0, 0), LocalCells.Run(folder, exe, jobs: 1));
        var results = SweepCollector.Collect(folder);
        Assert.All(results.Rows, r => Assert.Equal(0.27, r.Headline));
        Assert.Equal("mean test score over folds", results.HeadlineName);
        var metrics = results.Rows[0].Metrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.Equal((0.2, 0.07, 0.01, 0.13, 0.03, 0.37), ((double)metrics["pretrained_test_mean"]!, (double)metrics["gain_mean"]!,
            (double)metrics["gain_ci_lower"]!, (double)metrics["gain_ci_upper"]!, (double)metrics["gain_p_value"]!, (double)metrics["noise_ceiling_lower"]!));
        Assert.EndsWith("--out " + Path.Combine(folder.CellPath(folder.Cells[0]), "crossval"),
            File.ReadAllText(Path.Combine(folder.CellPath(folder.Cells[0]), SweepFolder.CommandFile)).Trim());
    }

    [Fact]
    public void ACancelledSweepLeavesTheRunningCellToRunAgainAndKeepsTheDoneOnes()
    {
        var exe = FakeDissimnet();
        var folder = Folder("""{"seed": [1, 9]}""");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => LocalCells.Run(folder, exe, jobs: 2, cancel: cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the sleeping cell was not stopped");
        Assert.Equal(CellState.Done, folder.Status(folder.Cells[0]).State);
        Assert.Equal(CellState.Running, folder.Status(folder.Cells[1]).State);
        Assert.Equal([folder.Cells[1]], folder.Unfinished());
    }
}
