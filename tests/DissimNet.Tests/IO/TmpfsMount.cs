using System.Diagnostics;

namespace DissimNet.Tests.IO;

/// <summary>A small tmpfs mounted for one test (a full disk or a read-only folder), always unmounted on dispose; needs root.</summary>
internal sealed class TmpfsMount : IDisposable
{
    static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>The mounted folder.</summary>
    public string Folder { get; }

    TmpfsMount(string folder) => Folder = folder;

    /// <summary>Why tmpfs tests cannot run here, or null when they can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (e.g. "64k"), read-only when asked.</summary>
    public static TmpfsMount Create(string size, bool readOnly = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"dissimnet-{Environment.ProcessId}-tmpfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var (code, err) = Run("mount", "-t", "tmpfs", "-o", $"size={size}{(readOnly ? ",ro" : "")}", "tmpfs", folder);
        if (code != 0)
        {
            Directory.Delete(folder);
            throw new InvalidOperationException($"mount failed: {err}");
        }
        return new TmpfsMount(folder);
    }

    /// <summary>Fills the disk: writes zeros until the file system refuses.</summary>
    public void Fill()
    {
        try
        {
            using var filler = File.Create(Path.Combine(Folder, "filler"));
            var block = new byte[4096];
            while (true) { filler.Write(block); filler.Flush(); }
        }
        catch (IOException) { } // full
    }

    /// <summary>The mounted folder's entries (to check nothing was left behind).</summary>
    public string[] Entries() => Directory.EnumerateFileSystemEntries(Folder).Select(Path.GetFileName).Where(n => n != "filler").ToArray()!;

    public void Dispose()
    {
        Run("umount", Folder);
        try { Directory.Delete(Folder); } catch (IOException) { }
    }

    static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "tmpfs tests need Linux";
        if (!Environment.IsPrivilegedProcess) return "tmpfs tests need root (to mount a small tmpfs)";
        try { using var probe = Create("16k"); return null; }
        catch (Exception e) { return $"tmpfs tests skipped: {e.Message}"; }
    }

    static (int Code, string Err) Run(params string[] args)
    {
        var start = new ProcessStartInfo(args[0]) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args[1..]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, err.Trim());
    }
}

/// <summary>A fact that needs a tmpfs mount; skipped with the reason when not root or when mounting fails.</summary>
internal sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.WhyUnavailable is { } why) Skip = why;
    }
}
