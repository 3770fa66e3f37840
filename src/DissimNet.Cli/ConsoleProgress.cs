using System.Diagnostics;
using DissimNet;
using DissimNet.Networks.Runtime;
using ShellProgressBar;

namespace DissimNet.Cli;

/// <summary>Renders library progress: a live bar on a terminal, plain timestamped lines otherwise (CI, pipes).</summary>
public sealed class ConsoleProgress : IProgressSink, IDisposable
{
    readonly bool interactive;
    ProgressBar? bar;
    string task = "";
    long total;
    Stopwatch clock = new();
    TimeSpan lastLine;
    bool runtimeDescribed;

    /// <summary>Creates a renderer following <see cref="CliOutput.Current"/>: a live bar only on a terminal without NO_COLOR,
    /// none under --quiet; <paramref name="quiet"/> drops progress for one command (e.g. under --json).</summary>
    public ConsoleProgress(bool quiet = false)
    {
        Quiet = quiet || CliOutput.Current == Verbosity.Quiet;
        Silent = CliOutput.Current == Verbosity.Quiet;
        // ShellProgressBar always colours and moves the cursor, so NO_COLOR gets the plain lines.
        // A terminal that reports no width (e.g. under `script`) would make ShellProgressBar fail; it gets the plain lines.
        interactive = !Quiet && !CliOutput.Plain && Environment.GetEnvironmentVariable("CI") is null && TerminalWidth() >= 40;
    }

    static int TerminalWidth()
    {
        try { return Console.WindowWidth; }
        catch (IOException) { return 0; }
    }

    /// <summary>When set, only notes are printed (to stderr), e.g. under --json.</summary>
    public bool Quiet { get; }

    /// <summary>When set (--quiet), notes are dropped too.</summary>
    public bool Silent { get; }

    public void Begin(string task, long total)
    {
        End();
        DescribeRuntimeOnce();
        this.task = task;
        this.total = total;
        clock = Stopwatch.StartNew();
        lastLine = TimeSpan.Zero;
        if (interactive)
        {
            var options = new ProgressBarOptions { ProgressCharacter = '─', ShowEstimatedDuration = false, CollapseWhenFinished = false };
            bar = new ProgressBar((int)Math.Clamp(total, 1, int.MaxValue), task, options);
        }
        else if (!Quiet)
        {
            Console.WriteLine($"{task} ...");
        }
    }

    public void Report(long done, string? detail = null)
    {
        var message = detail is null ? task : $"{task}  {detail}";
        if (bar is not null)
        {
            bar.Tick((int)Math.Min(done, int.MaxValue), $"{message}  {clock.Elapsed:mm\\:ss}");
            return;
        }
        if (Quiet) return;
        // Plain output: at most one line every 5 seconds, plus the last step.
        if (clock.Elapsed - lastLine < TimeSpan.FromSeconds(5) && done < total) return;
        lastLine = clock.Elapsed;
        var count = total > 0 ? $"{done}/{total}" : $"{done}";
        Console.WriteLine($"  {count}  {detail}  [{clock.Elapsed:mm\\:ss}]");
    }

    public void End()
    {
        if (bar is not null)
        {
            bar.Dispose();
            bar = null;
            if (task.Length > 0) CliOutput.Detail($"{task} done in {clock.Elapsed:mm\\:ss\\.ff}");
        }
        else if (task.Length > 0 && !Quiet)
        {
            Console.WriteLine($"{task} done in {clock.Elapsed:mm\\:ss}");
        }
        else if (task.Length > 0) CliOutput.Detail($"{task} done in {clock.Elapsed:mm\\:ss\\.ff}");
        task = "";
    }

    public void Note(string message)
    {
        if (Silent) return;
        if (bar is not null) bar.WriteLine(message);
        else Console.Error.WriteLine(message);
    }

    public void Dispose() => End();

    /// <summary>Under --verbose, the first task names the torch runtime and convolution path it runs on.</summary>
    void DescribeRuntimeOnce()
    {
        if (CliOutput.Current != Verbosity.Verbose || runtimeDescribed) return;
        runtimeDescribed = true;
        foreach (var (name, value) in TorchRuntimeInfo.Describe()) CliOutput.Detail($"{name}: {value}");
    }
}
