using System.Diagnostics;
using System.Globalization;
using DissimNet.Sweeps;

namespace DissimNet.Cli.Jobs;

/// <summary>Hands a sweep folder's unfinished cells to Slurm as one job array: the task command each array task runs
/// (<c>dissimnet sweep-cell SWEEPDIR $SLURM_ARRAY_TASK_ID</c>), the script (written by <see cref="SlurmSweep"/>), and its submission.</summary>
internal static class SlurmCells
{
    /// <summary>The shell command line of each array task: this dissimnet's <c>sweep-cell</c> on the folder, with the task's CPUs as threads.</summary>
    public static string TaskCommand(SweepFolder folder, DissimNetExecutable executable) =>
        $"{executable.CommandText} sweep-cell {ShellQuote.Word(Path.GetFullPath(folder.Path))} \"$SLURM_ARRAY_TASK_ID\" "
        + $"--threads-per-cell \"${{SLURM_CPUS_PER_TASK:-{folder.Plan.Resources.Cpus.ToString(CultureInfo.InvariantCulture)}}}\"";

    /// <summary>Writes the script (see <see cref="SlurmSweep.WriteScript"/>) and submits it with sbatch unless <paramref name="dryRun"/>;
    /// prints what it did on standard output and returns the exit code.</summary>
    /// <param name="output">Where the result line goes (stdout).</param>
    /// <param name="folder">The sweep folder.</param>
    /// <param name="executable">The dissimnet the tasks run.</param>
    /// <param name="dryRun">Only write the script.</param>
    /// <param name="what">What the cells are, for messages ("cells", "folds").</param>
    /// <param name="afterwards">The command that gathers the results when the array has ended.</param>
    /// <param name="scriptPath">Where the script goes, or null for <c>SWEEPDIR/sweep.sbatch</c>.</param>
    public static int WriteAndSubmit(TextWriter output, SweepFolder folder, DissimNetExecutable executable, bool dryRun, string what, string afterwards, string? scriptPath = null)
    {
        var (script, indices) = SlurmSweep.WriteScript(folder, TaskCommand(folder, executable), scriptPath);
        if (indices.Count == 0)
        {
            output.WriteLine($"{folder.Path}: all {folder.Cells.Count} {what} are done; nothing to submit; {afterwards} gathers them");
            return 0;
        }
        if (dryRun)
        {
            output.WriteLine($"wrote {script} ({indices.Count} array tasks); submit it with: sbatch {ShellQuote.Word(script)}");
            return 0;
        }
        var sbatch = DissimNetExecutable.FindOnPath("sbatch")
            ?? throw new DissimNetException($"sbatch is not on the PATH; wrote {script}: submit it on the cluster with sbatch, or use --dry-run");
        var job = Submit(script, sbatch);
        output.WriteLine($"submitted job array {job} ({indices.Count} tasks, script {script}); when it ends: {afterwards}");
        return 0;
    }

    /// <summary>Submits the script with <c>sbatch --parsable</c> and returns the job id.</summary>
    static string Submit(string script, string sbatch)
    {
        var info = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--parsable");
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new DissimNetException($"{script}: sbatch refused it: {stderr.Trim().Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit code {process.ExitCode}"}");
        return stdout.Result.Trim().Split(';')[0];
    }
}
