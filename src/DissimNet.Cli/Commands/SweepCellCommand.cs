using System.CommandLine;
using DissimNet.Cli.Jobs;
using DissimNet.Sweeps;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet sweep-cell</c>: runs one cell of a sweep folder (what each Slurm array task runs).</summary>
internal static class SweepCellCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var sweep = new Argument<string>("SWEEPDIR") { Description = "A sweep folder made by dissimnet sweep" };
        var index = new Argument<int>("INDEX") { Description = "The cell's index in the grid (Slurm's SLURM_ARRAY_TASK_ID)" };
        var threads = new Option<int?>("--threads-per-cell") { Description = "Torch threads of the cell (default: all cores)" };
        var command = new Command("sweep-cell", "Run one cell of a sweep (used by the Slurm array script; a done cell is not run again)");
        command.Arguments.Add(sweep);
        command.Arguments.Add(index);
        command.Options.Add(threads);
        command.SetAction(parse =>
        {
            var folder = SweepFolder.Open(parse.GetValue(sweep)!);
            var cell = folder.CellAt(parse.GetValue(index));
            if (folder.Status(cell).State == CellState.Done)
            {
                console.Out.WriteLine($"cell {cell.Id}: done already");
                return 0;
            }
            using var ctrlC = new CtrlC();
            var children = new ChildProcesses(DissimNetExecutable.Require(), parse.GetValue(threads) ?? Environment.ProcessorCount);
            var status = new CellRunner(folder, children).Run(cell, ctrlC.Token);
            if (status.State == CellState.Done)
            {
                console.Out.WriteLine($"cell {cell.Id}: done in {status.Seconds:F0} s");
                return 0;
            }
            console.Error.WriteLine($"error: cell {cell.Id}: {status.Step} failed: {status.Error}");
            return 1;
        });
        return command;
    }
}
