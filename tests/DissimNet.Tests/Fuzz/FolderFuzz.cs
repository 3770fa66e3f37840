using System.Runtime.InteropServices;
using System.Security.Cryptography;
using DissimNet.Statistics;
using DissimNet.Rdms;
using DissimNet.Sweeps;

namespace DissimNet.Tests.Fuzz;

/// <summary>Tiny valid sweep folders to fuzz: an rdm-score sweep of two cells, both done with a score, and a train sweep of one
/// done cell whose run folder is a copy of a <see cref="TinyRun"/>.</summary>
internal static class TinySweeps
{
    /// <summary>Makes the rdm-score sweep in <paramref name="path"/>.</summary>
    public static SweepFolder Score(string path)
    {
        var folder = Create(path, """{"command": "rdm-score", "options": {"images": "x", "target": "t.mat:r"}, "grid": {"layers": ["a", "b"]}}""");
        double mean = 0.25;
        foreach (var cell in folder.Cells)
        {
            Directory.CreateDirectory(folder.CellPath(cell));
            ModelScoreFile.Write(new ModelScore
            {
                Method = ComparisonMethod.Spearman, ConditionCount = 12, TimeCount = 1, PerSubject = [mean - 0.1, mean + 0.1], Mean = mean,
                MeanR2 = mean * mean, NoiseCeiling = new NoiseCeilingBounds(0.4, 0.6),
            }, Path.Combine(folder.CellPath(cell), CellSteps.ScoreFile));
            folder.WriteStatus(cell, new CellStatus { State = CellState.Done, ExitCode = 0 });
            mean += 0.25;
        }
        return folder;
    }

    /// <summary>Makes the train sweep in <paramref name="path"/>, its one cell's run a copy of <paramref name="run"/>.</summary>
    public static SweepFolder Train(string path, string run)
    {
        var folder = Create(path, """{"command": "train", "options": {"images": "x", "target": "t.mat:r", "model": "resnet18"}, "grid": {"seed": [1]}}""");
        var cell = folder.Cells[0];
        Directory.CreateDirectory(folder.CellPath(cell));
        CopyFolder(run, Path.Combine(folder.CellPath(cell), CellSteps.RunFolder));
        folder.WriteStatus(cell, new CellStatus { State = CellState.Done, ExitCode = 0 });
        return folder;
    }

    static SweepFolder Create(string path, string plan)
    {
        Directory.CreateDirectory(path);
        var planPath = Path.Combine(path, "source-plan.json");
        File.WriteAllText(planPath, plan);
        var folder = SweepFolder.Create(path, SweepPlanReader.Read(planPath));
        File.Delete(planPath);
        return folder;
    }

    /// <summary>Copies a folder tree of regular files.</summary>
    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyFolder(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    /// <summary>What collect makes of a sweep, as text: each row's state, error and headline, then the results written.</summary>
    public static string Collect(string path)
    {
        var results = SweepCollector.Collect(SweepFolder.Open(path));
        SweepResultFiles.CheckTargets(results.Folder);
        SweepResultFiles.Write(results);
        SweepReportHtml.Write(results);
        return string.Join(";", results.Rows.Select(r => $"{r.Cell.Id} {r.Status.State} {r.Status.Error} {r.Headline:R}"));
    }
}

/// <summary>Ways to replace a file or folder of a sweep or run folder with something a reader must not follow or hang on:
/// links to a file or folder outside, a FIFO, a link to /dev/zero, a folder, an empty file, the file cut in half.</summary>
internal static class Replacements
{
    public static readonly string[] Kinds = ["link to a file outside", "link to the folder outside", "FIFO", "link to /dev/zero", "empty folder", "empty file", "cut in half"];

    [DllImport("libc", SetLastError = true, EntryPoint = "mkfifo")]
    static extern int MakeFifo(string path, uint mode);

    /// <summary>Replaces <paramref name="entry"/> by <paramref name="kind"/>; false when the kind does not apply (cutting a folder).</summary>
    public static bool Apply(string entry, string kind, string outside)
    {
        bool isFolder = Directory.Exists(entry);
        if (kind == "cut in half")
        {
            if (isFolder) return false;
            var bytes = File.ReadAllBytes(entry);
            File.WriteAllBytes(entry, bytes[..(bytes.Length / 2)]);
            return true;
        }
        if (isFolder) Directory.Delete(entry, recursive: true);
        else File.Delete(entry);
        switch (kind)
        {
            case "link to a file outside": File.CreateSymbolicLink(entry, Path.Combine(outside, "file")); break;
            case "link to the folder outside": Directory.CreateSymbolicLink(entry, outside); break;
            case "FIFO":
                if (MakeFifo(entry, Convert.ToUInt32("600", 8)) != 0) throw new IOException($"mkfifo {entry} failed ({Marshal.GetLastPInvokeError()})");
                break;
            case "link to /dev/zero": File.CreateSymbolicLink(entry, "/dev/zero"); break;
            case "empty folder": Directory.CreateDirectory(entry); break;
            default: File.WriteAllBytes(entry, []); break;
        }
        return true;
    }

    /// <summary>Every file and folder under <paramref name="root"/>, relative to it, in a fixed order.</summary>
    public static IReadOnlyList<string> Entries(string root) =>
        Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(root, e)).Order(StringComparer.Ordinal).ToList();

    /// <summary>A folder "outside" holding one file, and a fingerprint of it to compare after a case.</summary>
    public static string MakeOutside(string parent)
    {
        var outside = Path.Combine(parent, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "file"), "precious");
        return outside;
    }

    /// <summary>Names, kinds and contents of everything in a folder (links not followed).</summary>
    public static string Snapshot(string folder) => string.Join(";", Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        .Select(e => new FileInfo(e)).Select(f => $"{f.FullName} {f.Attributes} {(f.Exists && f.LinkTarget is null ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f.FullName)))[..16] : f.LinkTarget)}"));

    /// <summary>Runs <paramref name="read"/> on its own thread; a problem when it does not end within <paramref name="limit"/>, or ends
    /// in an exception that is not a one-line <see cref="DissimNetException"/>; null when it passed.</summary>
    /// <param name="fifo">The FIFO the case planted, if any: opened for writing after a hang, to release a reader blocked on it.</param>
    public static string? RunCase(Func<string?> read, TimeSpan limit, string? fifo)
    {
        string? problem = null;
        var thread = new Thread(() =>
        {
            try { problem = read(); }
            catch (DissimNetException e) when (!string.IsNullOrWhiteSpace(e.Message) && !e.Message.Any(char.IsControl)) { }
            catch (Exception e) { problem = $"threw {e.GetType().FullName}: {e.Message.ReplaceLineEndings("\\n")} at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}"; }
        }) { IsBackground = true };
        thread.Start();
        if (thread.Join(limit)) return problem;
        if (fifo is not null)
            try { using var _ = new FileStream(fifo, FileMode.Open, FileAccess.Write); } catch (Exception) { }
        return $"still running after {limit.TotalSeconds} s (hang?)";
    }
}
