using DissimNet.Cli.Jobs;
using DissimNet.Sweeps;

namespace DissimNet.Tests.Sweeps;

/// <summary>The Slurm job array script: resources from the plan, and an array of only the cells not done.</summary>
public sealed class SlurmScriptTests() : TempFolderTests("sweep-slurm-script")
{
    [Theory]
    [InlineData(new int[] { 0, 1, 2, 3 }, "0-3")]
    [InlineData(new int[] { 0, 2, 3, 4, 7, 9, 10 }, "0,2-4,7,9-10")]
    [InlineData(new int[] { 5 }, "5")]
    public void ArrayListsUseRanges(int[] indices, string expected) => Assert.Equal(expected, SlurmSweep.ArraySpec(indices));

    [Fact]
    public void TheScriptAsksForThePlansResourcesAndRunsEachCell()
    {
        Directory.CreateDirectory(TempRoot);
        var planPath = Path.Combine(TempRoot, "plan.json");
        File.WriteAllText(planPath, """{"command": "train", "options": {"model": "resnet18"}, "grid": {"seed": [1, 2, 3]}, "resources": {"cpus": 3, "memory": "6G", "time": "01:30:00", "partition": "gpu", "gpus": 1}}""");
        var folder = SweepFolder.Create(Path.Combine(TempRoot, "sweep dir"), SweepPlanReader.Read(planPath));
        folder.WriteStatus(folder.Cells[1], new CellStatus { State = CellState.Done, ExitCode = 0 });
        var exe = Path.Combine(TempRoot, "dissimnet");
        File.WriteAllText(exe, "");
        var (script, indices) = SlurmSweep.WriteScript(folder, SlurmCells.TaskCommand(folder, DissimNetExecutable.FromPath(exe)));
        Assert.Equal([0, 2], indices);
        var lines = File.ReadAllLines(script);
        Assert.Equal("#!/bin/bash", lines[0]);
        foreach (var expected in new[] { "#SBATCH --array=0,2", "#SBATCH --cpus-per-task=3", "#SBATCH --mem=6G", "#SBATCH --time=01:30:00", "#SBATCH --partition=gpu", "#SBATCH --gres=gpu:1" })
            Assert.Contains(expected, lines);
        var sweep = Path.GetFullPath(folder.Path);
        Assert.Contains($"exec {exe} sweep-cell '{sweep}' \"$SLURM_ARRAY_TASK_ID\" --threads-per-cell \"${{SLURM_CPUS_PER_TASK:-3}}\"", lines);
        // sbatch reads options only before the first command.
        Assert.True(Array.FindLastIndex(lines, l => l.StartsWith("#SBATCH")) < Array.FindIndex(lines, l => l.StartsWith("exec")));
    }
}
