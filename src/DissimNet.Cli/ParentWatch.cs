using System.Globalization;
using System.Runtime.InteropServices;

namespace DissimNet.Cli;

/// <summary>In a child started by a runner (a crossval fold process or a sweep cell), ends the process as soon as the runner
/// is gone, however it ended (SIGKILL included), so that no child keeps training into folders a rerun is using.</summary>
/// <remarks>On Linux a child whose parent dies is handed to another process (init or a subreaper), so its parent id changes;
/// that is checked every 200 ms. Elsewhere the runner's process is looked up by id.</remarks>
static class ParentWatch
{
    /// <summary>Exit code of a child stopped because its runner is gone (128 + SIGHUP, as a shell would report a hang-up).</summary>
    public const int OrphanedExit = 129;

    /// <summary>Starts the watch when this process was started by a runner; <paramref name="stderr"/> gets the one line said on stopping.</summary>
    public static void StartIfAsked(TextWriter stderr)
    {
        if (!int.TryParse(RuntimeEnvironment.Read().ParentProcess, NumberStyles.None, CultureInfo.InvariantCulture, out int parent))
            return;
        var watch = new Thread(() =>
        {
            while (true)
            {
                if (!Alive(parent))
                {
                    stderr.WriteLine($"stopped: the dissimnet that started this process (pid {parent}) is gone");
                    stderr.Flush();
                    ExitNow(OrphanedExit);
                }
                Thread.Sleep(200);
            }
        }) { IsBackground = true, Name = "dissimnet parent watch" };
        watch.Start();
    }

    static bool Alive(int parent)
    {
        if (OperatingSystem.IsLinux())
        {
            try { return getppid() == parent; }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(parent);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
    }

    /// <summary>Ends the process at once, without the runtime's shutdown (which waits on finalizers and libtorch's threads and
    /// took seconds on a loaded machine). Nothing is lost: every file DissimNet writes is renamed into place when complete,
    /// and a rerun removes leftover temporary files.</summary>
    static void ExitNow(int code)
    {
        if (OperatingSystem.IsLinux())
        {
            try { _exit(code); }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        }
        Environment.Exit(code);
    }

    [DllImport("libc.so.6")]
    static extern int getppid();

    [DllImport("libc.so.6")]
    static extern void _exit(int status);
}
