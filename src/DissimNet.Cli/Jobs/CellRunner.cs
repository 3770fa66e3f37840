using System.Diagnostics;
using DissimNet.IO;
using DissimNet.Sweeps;

namespace DissimNet.Cli.Jobs;

/// <summary>Runs one cell: each of its steps as a <c>dissimnet</c> child with its output in the cell's logs, then its status.</summary>
/// <remarks>A child process per step keeps cells apart (a crash or out-of-memory kill ends one cell, not the sweep) and is the same
/// whether the cell runs here or as a Slurm array task. The status is the commit point: only a cell marked done is skipped later, and a cell
/// is marked done only when its result validates (see <see cref="SweepCollector.ReadOutput"/>), not because its processes exited 0.
/// Every write into the cell folder refuses links and non-regular files on the way (see <see cref="OutputFile.CheckWithin"/>),
/// so nothing placed in the sweep folder can redirect a write outside it.</remarks>
/// <param name="folder">The sweep folder.</param>
/// <param name="children">Starts the steps.</param>
/// <param name="relay">Where the steps' error lines are echoed, prefixed with the cell (see <see cref="RelayPrefix"/>), or null.</param>
internal sealed class CellRunner(SweepFolder folder, ChildProcesses children, IProgressSink? relay = null)
{
    /// <summary>Runs the cell and returns its final status; cancelling kills the running step and leaves the cell to run again.</summary>
    public CellStatus Run(SweepCell cell, CancellationToken cancel = default)
    {
        var dir = folder.CellPath(cell);
        OutputFile.CreateFolderWithin(folder.Path, dir);
        var clock = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        var host = Environment.MachineName;
        var steps = CellSteps.For(folder, cell);
        OutputFile.Write(Path.Combine(dir, SweepFolder.CommandFile), temp => File.WriteAllLines(temp, steps.Select(s => CellCommandLine.Text(children.Executable, s))),
            within: folder.Path);
        var logs = new ChildLogs(Path.Combine(dir, SweepFolder.StdoutLog), Path.Combine(dir, SweepFolder.StderrLog), folder.Path, relay, RelayPrefix(cell));
        foreach (var step in steps)
        {
            // The step's output (a run folder, rdm.npy, score.json) must be reached through real folders and not be a link.
            OutputFile.CheckWithin(OutputRoot, step.Output, step.OutputIsFolder);
            // A finished file output before the last step (the rdm of an rdm-score cell) is kept; folders (runs) resume themselves.
            if (step != steps[^1] && !step.OutputIsFolder && File.Exists(step.Output)) continue;
            folder.WriteStatus(cell, new CellStatus { State = CellState.Running, Step = step.Name, Started = started, Host = host });
            var exit = children.Run(CellCommandLine.Arguments(step), logs, cancel);
            bool produced = step.OutputIsFolder ? Directory.Exists(step.Output) : File.Exists(step.Output);
            var error = exit.LastError;
            if (exit.Code == 0 && !produced) error = $"{step.Name} exited with code 0 but wrote no {step.Output}";
            if (exit.Code != 0 || !produced)
                return Finish(cell, CellState.Failed, exit.Code, step.Name, error ?? $"{step.Name} exited with code {exit.Code} (see {logs.Stderr})", started, clock);
        }
        try
        {
            SweepCollector.ReadOutput(folder, cell, []);
        }
        catch (DissimNetException e)
        {
            return Finish(cell, CellState.Failed, 0, steps[^1].Name, $"{steps[^1].Name} exited with code 0 but left no valid result: {e.Message}", started, clock);
        }
        return Finish(cell, CellState.Done, 0, steps[^1].Name, null, started, clock);
    }

    /// <summary>What a relayed line of a cell starts with: the fold of a cross-validation's fold cell, else the cell's id.</summary>
    public static string RelayPrefix(SweepCell cell) =>
        cell.Value(CellKinds.FoldAxis) is { } fold ? $"[fold {fold}]" : $"[{cell.Id}]";

    /// <summary>The folder a step's output must lie in: the sweep folder, or for a fold cell the cross-validation folder that holds it.</summary>
    string OutputRoot => folder.Plan.Command == CellKind.CrossvalFold ? CellSteps.CrossvalFolderOf(folder) : folder.Path;

    /// <summary>Writes and returns the cell's final status.</summary>
    CellStatus Finish(SweepCell cell, CellState state, int exit, string step, string? error, DateTime started, Stopwatch clock)
    {
        var status = new CellStatus
        {
            State = state, ExitCode = exit, Step = step, Started = started, Finished = DateTime.UtcNow,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3), Host = Environment.MachineName, Error = error,
        };
        folder.WriteStatus(cell, status);
        return status;
    }
}
