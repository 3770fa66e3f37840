using System.Diagnostics;
using System.Globalization;
using DissimNet.IO;

namespace DissimNet.Cli.Jobs;

/// <summary>Where a child's output goes: its standard output and error appended to log files (written within a folder, never through
/// a link), and, when <paramref name="Relay"/> is given, each error line also as a note with <paramref name="RelayPrefix"/> before it.</summary>
/// <param name="Stdout">The standard output's log file.</param>
/// <param name="Stderr">The standard error's log file.</param>
/// <param name="Within">The folder both logs must lie in (see <see cref="OutputFile.OpenAppend"/>).</param>
/// <param name="Relay">Where the error lines are echoed (the runner's progress, on its standard error), or null to keep them in the log only.</param>
/// <param name="RelayPrefix">What each echoed line starts with, e.g. "[fold 3]".</param>
internal sealed record ChildLogs(string Stdout, string Stderr, string Within, IProgressSink? Relay = null, string RelayPrefix = "");

/// <summary>How a child ended: its exit code and its last <c>error:</c> line (else its last line on standard error), if any.</summary>
internal sealed record ChildExit(int Code, string? LastError);

/// <summary>The one place that starts <c>dissimnet</c> children (a sweep's cell steps, a cross-validation's folds): the executable,
/// the child's environment (its share of the cores, no colours, the parent-death marker), its logs, and cancellation.</summary>
/// <param name="executable">The dissimnet to run.</param>
/// <param name="threads">Torch threads of each child (its share of the cores), or 0 to leave the child's default.</param>
internal sealed class ChildProcesses(DissimNetExecutable executable, int threads)
{
    /// <summary>The dissimnet the children run.</summary>
    public DissimNetExecutable Executable => executable;

    /// <summary>Torch threads for each of <paramref name="jobs"/> children running side by side: the cores shared out, at least 1.</summary>
    public static int ThreadsPerJob(int jobs) => Math.Max(1, Environment.ProcessorCount / Math.Max(1, jobs));

    /// <summary>Runs <c>dissimnet ARGUMENTS</c> to its end and returns its exit code; cancelling kills it (and its children) and throws.</summary>
    /// <exception cref="DissimNetException">When the executable cannot be started.</exception>
    /// <exception cref="OperationCanceledException">When <paramref name="cancel"/> fires.</exception>
    public ChildExit Run(IReadOnlyList<string> arguments, ChildLogs logs, CancellationToken cancel = default)
    {
        var info = new ProcessStartInfo(executable.FileName)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Environment.CurrentDirectory,
        };
        foreach (var word in executable.Prefix.Concat(arguments)) info.ArgumentList.Add(word);
        if (threads > 0)
        {
            // libtorch's intra-op pool follows OMP_NUM_THREADS; children side by side must not oversubscribe the cores.
            info.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
            info.Environment["MKL_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        }
        info.Environment["NO_COLOR"] = "1";
        DissimNetExecutable.MarkChild(info);

        string? errorLine = null, lastLine = null;
        using var stdout = new StreamWriter(OutputFile.OpenAppend(logs.Stdout, logs.Within));
        using var stderr = new StreamWriter(OutputFile.OpenAppend(logs.Stderr, logs.Within));
        stderr.WriteLine($"# {DateTime.UtcNow:O} {arguments.FirstOrDefault()}");
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) stdout.WriteLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.WriteLine(e.Data);
            var line = e.Data.Trim();
            if (line.StartsWith("error:", StringComparison.Ordinal)) errorLine = line;
            else if (line.Length > 0) lastLine = line;
            if (line.Length > 0) logs.Relay?.Note($"{logs.RelayPrefix} {line}".TrimStart());
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
        return new ChildExit(process.ExitCode, errorLine ?? lastLine);
    }
}
