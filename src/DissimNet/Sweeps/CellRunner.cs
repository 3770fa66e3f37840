using System.Diagnostics;
using System.Text;
using DissimNet.IO;

namespace DissimNet.Sweeps;

/// <summary>Runs one cell: each of its <c>dissimnet</c> steps as a child process with its output in the cell's logs, then its status.</summary>
/// <remarks>A child process per cell keeps cells apart (a crash or out-of-memory kill ends one cell, not the sweep) and is the same
/// whether the cell runs here or as a Slurm array task. The status is the commit point: only a cell marked done is skipped later, and a cell
/// is marked done only when its output validates (see <see cref="SweepCollector.ReadOutput"/>), not because its processes exited 0.
/// Every write into the cell folder refuses links and non-regular files on the way (see <see cref="OutputFile.CheckWithin"/>),
/// so nothing placed in the sweep folder can redirect a write outside it.</remarks>
public sealed class CellRunner(SweepFolder folder, DissimNetExecutable executable, int threads)
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
        OutputFile.Write(Path.Combine(dir, SweepFolder.CommandFile), temp => File.WriteAllLines(temp, steps.Select(s =>
            executable.CommandText + " " + string.Join(' ', s.Arguments.Select(ShellQuote.Word)) + (s.ResultFile is { } r ? " > " + ShellQuote.Word(r) : ""))),
            within: folder.Path);
        foreach (var step in steps)
        {
            // The step's output (a run folder, rdm.npy, score.json) must be reached through real folders and not be a link.
            OutputFile.CheckWithin(folder.Path, step.Output, step.OutputIsFolder);
            // A finished file output (the rdm of an rdm-score cell) is kept; folders (runs) resume themselves.
            if (step.ResultFile is null && !step.OutputIsFolder && File.Exists(step.Output)) continue;
            folder.WriteStatus(cell, new CellStatus { State = CellState.Running, Step = step.Name, Started = started, Host = host });
            var (exit, error) = RunStep(dir, step, cancel);
            bool produced = step.ResultFile is not null || (step.OutputIsFolder ? Directory.Exists(step.Output) : File.Exists(step.Output));
            if (exit == 0 && !produced) error = $"{step.Name} exited with code 0 but wrote no {step.Output}";
            if (exit != 0 || !produced)
                return Finish(cell, CellState.Failed, exit, step.Name, error ?? $"{step.Name} exited with code {exit} (see {Path.Combine(dir, SweepFolder.StderrLog)})", started, clock);
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

    (int Exit, string? Error) RunStep(string dir, CellStep step, CancellationToken cancel)
    {
        var info = new ProcessStartInfo(executable.FileName)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Environment.CurrentDirectory,
        };
        foreach (var word in executable.Prefix.Concat(step.Arguments)) info.ArgumentList.Add(word);
        if (threads > 0)
        {
            // libtorch's intra-op pool follows OMP_NUM_THREADS; cells side by side must not oversubscribe the cores.
            info.Environment["OMP_NUM_THREADS"] = threads.ToString();
            info.Environment["MKL_NUM_THREADS"] = threads.ToString();
        }
        info.Environment["NO_COLOR"] = "1";
        DissimNetExecutable.MarkChild(info);
        string? errorLine = null, lastLine = null;
        // A step whose standard output is its result (score's JSON, a few lines) is kept in memory and written only when the step succeeds.
        var result = step.ResultFile is null ? null : new StringBuilder();
        using var stdout = result is null ? new StreamWriter(OutputFile.OpenAppend(Path.Combine(dir, SweepFolder.StdoutLog), folder.Path)) : null;
        using var stderr = new StreamWriter(OutputFile.OpenAppend(Path.Combine(dir, SweepFolder.StderrLog), folder.Path));
        stderr.WriteLine($"# {DateTime.UtcNow:O} {step.Name}");
        using var process = new Process { StartInfo = info };
        var output = (object?)stdout ?? result!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output)
            {
                if (result is not null) result.Append(e.Data).Append('\n');
                else stdout!.WriteLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.WriteLine(e.Data);
            var line = e.Data.Trim();
            if (line.StartsWith("error:", StringComparison.Ordinal)) errorLine = line;
            else if (line.Length > 0) lastLine = line;
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DissimNetException($"{executable.FileName}: cannot start dissimnet ({e.Message}); set {DissimNetExecutable.EnvironmentVariable}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (cancel.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
            process.WaitForExit();
        cancel.ThrowIfCancellationRequested();
        if (result is not null && process.ExitCode == 0) OutputFile.WriteText(step.ResultFile!, result.ToString(), within: folder.Path);
        return (process.ExitCode, errorLine ?? lastLine);
    }
}
