using System.Text;
using DissimNet.IO;

namespace DissimNet.Sweeps;

/// <summary>The Slurm job array script of a sweep's unfinished cells (its submission is the command line's).</summary>
/// <remarks>Each array task runs the task command the caller gives (<c>dissimnet sweep-cell SWEEPDIR $SLURM_ARRAY_TASK_ID</c>), which runs
/// that cell exactly as a local sweep would. The sweep folder, the data and dissimnet itself must be on a file system every node sees.</remarks>
internal static class SlurmSweep
{
    /// <summary>Writes the script (by default <c>SWEEPDIR/sweep.sbatch</c>) for the unfinished cells and returns its path and the array indices
    /// (empty when all are done).</summary>
    /// <param name="folder">The sweep folder.</param>
    /// <param name="taskCommand">The shell command line each array task runs, its words already quoted for a POSIX shell.</param>
    /// <param name="scriptPath">Where to write the script, inside the folder that holds the sweep folder; null for <c>SWEEPDIR/sweep.sbatch</c>.</param>
    /// <remarks>Every value in the script is checked or quoted: the resources against Slurm's syntax (<see cref="PlanValues.Check(CellResources, string)"/>),
    /// paths in <c>#SBATCH</c> lines in sbatch's double quotes (see <see cref="SbatchWord"/>), and the task command is refused with a control character.</remarks>
    /// <exception cref="DissimNetException">For a resource not in Slurm's syntax, or a path that cannot be written safely in the script.</exception>
    public static (string Script, IReadOnlyList<int> Indices) WriteScript(SweepFolder folder, string taskCommand, string? scriptPath = null)
    {
        var r = folder.Plan.Resources;
        PlanValues.Check(r, folder.Plan.Source);
        var (logs, name, output, chdir) = Words(folder.Path);
        var indices = folder.Unfinished().Select(c => c.Index).ToList();
        OutputFile.CreateFolderWithin(folder.Path, logs);
        var text = new StringBuilder();
        text.AppendLine("#!/bin/bash");
        text.AppendLine($"# A DissimNet sweep of {folder.Cells.Count} cells ({folder.Plan.Command.Name()}); this array runs the {indices.Count} not yet done.");
        text.AppendLine($"#SBATCH --job-name={name}");
        text.AppendLine($"#SBATCH --array={ArraySpec(indices)}");
        text.AppendLine($"#SBATCH --cpus-per-task={r.Cpus}");
        if (r.Memory is { } memory) text.AppendLine($"#SBATCH --mem={memory}");
        if (r.Time is { } time) text.AppendLine($"#SBATCH --time={time}");
        if (r.Partition is { } partition) text.AppendLine($"#SBATCH --partition={partition}");
        if (r.Gpus > 0) text.AppendLine($"#SBATCH --gres=gpu:{r.Gpus}");
        text.AppendLine($"#SBATCH --output={output}");
        text.AppendLine($"#SBATCH --chdir={chdir}");
        text.AppendLine("set -euo pipefail");
        text.AppendLine($"exec {ShellWords(taskCommand)}");
        var path = scriptPath ?? Path.Combine(folder.Path, SweepFolder.SlurmScript);
        var within = scriptPath is null ? folder.Path : Path.GetDirectoryName(Path.GetFullPath(folder.Path).TrimEnd('/'))!;
        OutputFile.WriteText(path, text.ToString(), within: within);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        return (path, indices);
    }

    /// <summary>Checks, before anything is written, that a sweep folder at <paramref name="path"/> could be named in a Slurm script.</summary>
    /// <exception cref="DissimNetException">As <see cref="SbatchWord"/>.</exception>
    public static void CheckFolder(string path) => Words(path);

    /// <summary>The sweep folder's log folder, and the job name, log pattern and working folder as <c>#SBATCH</c> words.</summary>
    static (string Logs, string Name, string Output, string Chdir) Words(string folder)
    {
        var sweep = Path.GetFullPath(folder);
        var logs = Path.Combine(sweep, SweepFolder.SlurmLogs);
        ShellWords(sweep);
        // Slurm expands %A, %a... in --output, and a backslash anywhere in it turns that expansion off: neither can be quoted there.
        return (logs, SbatchWord("dissimnet-" + Path.GetFileName(sweep.TrimEnd('/')), "the sweep folder's name"),
            SbatchWord(Path.Combine(logs, "%A_%a.out"), "the sweep folder", noPatterns: logs), SbatchWord(Environment.CurrentDirectory, "the working folder"));
    }

    /// <summary>A value as one word of an <c>#SBATCH</c> line: in double quotes, with '\\', '"' and '#' escaped by a backslash
    /// (sbatch reads these lines with its own rules: double quotes group, a backslash escapes, an unescaped '#' ends the line).</summary>
    /// <param name="value">The value.</param>
    /// <param name="what">What it is, for the message.</param>
    /// <param name="noPatterns">A path that must also be free of '%' and '\\' (--output's file-name patterns), or null.</param>
    /// <exception cref="DissimNetException">For a control character (a line break would end the #SBATCH line), or '%' or '\\' in <paramref name="noPatterns"/>.</exception>
    public static string SbatchWord(string value, string what, string? noPatterns = null)
    {
        if (value.Any(char.IsControl))
            throw new DissimNetException($"{value}: {what} has a control character (a line break...), which cannot be written in a Slurm script; choose another folder");
        if (noPatterns is not null && noPatterns.IndexOfAny(['%', '\\']) >= 0)
            throw new DissimNetException($"{noPatterns}: {what} has a '%' or '\\', which Slurm would read as a file-name pattern in the log path; choose another folder");
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("#", "\\#") + "\"";
    }

    /// <summary>Shell words for the script's command line, refused when they hold a control character (quoted, a line break would still be
    /// legal bash, but it has no place in a path and would make the script hard to read).</summary>
    static string ShellWords(string words) => words.Any(char.IsControl)
        ? throw new DissimNetException($"{words}: a path in the Slurm script's command has a control character (a line break...); choose another folder")
        : words;

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
}
