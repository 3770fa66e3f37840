using System.Diagnostics;

namespace DissimNet.Sweeps;

/// <summary>Runs one cell: each of its <c>dissimnet</c> steps as a child process with its output in the cell's logs, then its status.</summary>
/// <remarks>A child process per cell keeps cells apart (a crash or out-of-memory kill ends one cell, not the sweep) and is the same
/// whether the cell runs here or as a Slurm array task. The status is the commit point: only a cell marked done is skipped later.</remarks>
public sealed class CellRunner(SweepFolder folder, DissimNetExecutable executable, int threads)
{
    /// <summary>Runs the cell and returns its final status; cancelling kills the running step and leaves the cell to run again.</summary>
    public CellStatus Run(SweepCell cell, CancellationToken cancel = default)
    {
        var dir = folder.CellPath(cell);
        Directory.CreateDirectory(dir);
        var clock = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        var host = Environment.MachineName;
        var steps = CellSteps.For(folder, cell);
        File.WriteAllLines(Path.Combine(dir, SweepFolder.CommandFile), steps.Select(s =>
            executable.CommandText + " " + string.Join(' ', s.Arguments.Select(ShellQuote.Word)) + (s.ResultFile is { } r ? " > " + ShellQuote.Word(r) : "")));
        foreach (var step in steps)
        {
            // A finished file output (the rdm of an rdm-score cell) is kept; folders (runs) resume themselves.
            if (step.ResultFile is null && File.Exists(step.Output)) continue;
            folder.WriteStatus(cell, new CellStatus { State = CellState.Running, Step = step.Name, Started = started, Host = host });
            var (exit, error) = RunStep(dir, step, cancel);
            if (exit != 0)
            {
                var failed = new CellStatus
                {
                    State = CellState.Failed, ExitCode = exit, Step = step.Name, Started = started, Finished = DateTime.UtcNow,
                    Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3), Host = host,
                    Error = error ?? $"{step.Name} exited with code {exit} (see {Path.Combine(dir, SweepFolder.StderrLog)})",
                };
                folder.WriteStatus(cell, failed);
                return failed;
            }
        }
        var done = new CellStatus
        {
            State = CellState.Done, ExitCode = 0, Step = steps[^1].Name, Started = started, Finished = DateTime.UtcNow,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3), Host = host,
        };
        folder.WriteStatus(cell, done);
        return done;
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
        string? errorLine = null, lastLine = null;
        var resultTemp = step.ResultFile is { } result ? result + ".tmp" : null;
        using var stdout = new StreamWriter(resultTemp ?? Path.Combine(dir, SweepFolder.StdoutLog), append: resultTemp is null);
        using var stderr = new StreamWriter(Path.Combine(dir, SweepFolder.StderrLog), append: true);
        stderr.WriteLine($"# {DateTime.UtcNow:O} {step.Name}");
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.WriteLine(e.Data); };
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
        stdout.Flush();
        stdout.Close();
        cancel.ThrowIfCancellationRequested();
        if (resultTemp is not null)
        {
            if (process.ExitCode == 0) File.Move(resultTemp, step.ResultFile!, overwrite: true);
            else File.Delete(resultTemp);
        }
        return (process.ExitCode, errorLine ?? lastLine);
    }
}
