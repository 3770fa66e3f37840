using System.Diagnostics;
using System.Text;
using DissimNet.IO;

namespace DissimNet.Sweeps;

/// <summary>Hands a sweep's unfinished cells to Slurm as one job array: the script, and its submission with sbatch.</summary>
/// <remarks>Each array task runs <c>dissimnet sweep-cell SWEEPDIR INDEX</c>, which runs the cell exactly as a local sweep would.
/// The sweep folder, the data and dissimnet itself must be on a file system every node sees.</remarks>
public static class SlurmSweep
{
    /// <summary>Writes <c>sweep.sbatch</c> for the unfinished cells and returns its path and the array indices (empty when all are done).</summary>
    public static (string Script, IReadOnlyList<int> Indices) WriteScript(SweepFolder folder, DissimNetExecutable executable)
    {
        var indices = folder.Unfinished().Select(c => c.Index).ToList();
        var r = folder.Plan.Resources;
        var sweep = Path.GetFullPath(folder.Path);
        var logs = Path.Combine(sweep, SweepFolder.SlurmLogs);
        Directory.CreateDirectory(logs);
        var text = new StringBuilder();
        text.AppendLine("#!/bin/bash");
        text.AppendLine($"# A DissimNet sweep of {folder.Cells.Count} cells ({folder.Plan.Command.Name()}); this array runs the {indices.Count} not yet done.");
        text.AppendLine($"#SBATCH --job-name={ShellQuote.Word("dissimnet-" + Path.GetFileName(sweep.TrimEnd('/')))}");
        text.AppendLine($"#SBATCH --array={ArraySpec(indices)}");
        text.AppendLine($"#SBATCH --cpus-per-task={r.Cpus}");
        if (r.Memory is { } memory) text.AppendLine($"#SBATCH --mem={memory}");
        if (r.Time is { } time) text.AppendLine($"#SBATCH --time={time}");
        if (r.Partition is { } partition) text.AppendLine($"#SBATCH --partition={partition}");
        if (r.Gpus > 0) text.AppendLine($"#SBATCH --gres=gpu:{r.Gpus}");
        text.AppendLine($"#SBATCH --output={logs}/%A_%a.out");
        text.AppendLine($"#SBATCH --chdir={ShellQuote.Word(Environment.CurrentDirectory)}");
        text.AppendLine("set -euo pipefail");
        text.AppendLine($"exec {executable.CommandText} sweep-cell {ShellQuote.Word(sweep)} \"$SLURM_ARRAY_TASK_ID\" --threads-per-cell \"${{SLURM_CPUS_PER_TASK:-{r.Cpus}}}\"");
        var path = Path.Combine(folder.Path, SweepFolder.SlurmScript);
        OutputFile.Write(path, temp => File.WriteAllText(temp, text.ToString()));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        return (path, indices);
    }

    /// <summary>Slurm's array list, with runs of consecutive indices as ranges: "0-3,7,9-10".</summary>
    public static string ArraySpec(IReadOnlyList<int> indices)
    {
        var parts = new List<string>();
        for (int i = 0; i < indices.Count;)
        {
            int j = i;
            while (j + 1 < indices.Count && indices[j + 1] == indices[j] + 1) j++;
            parts.Add(j == i ? $"{indices[i]}" : $"{indices[i]}-{indices[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>Whether sbatch is on the PATH.</summary>
    public static string? FindSbatch() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "sbatch")).FirstOrDefault(File.Exists);

    /// <summary>Submits the script with <c>sbatch --parsable</c> and returns the job id.</summary>
    public static string Submit(string script, string sbatch)
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
