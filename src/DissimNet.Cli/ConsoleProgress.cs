using System.Diagnostics;
using DissimNet;
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

    /// <summary>Creates a renderer; a live bar only when stdout is a terminal and <paramref name="quiet"/> is false.</summary>
    public ConsoleProgress(bool quiet = false)
    {
        Quiet = quiet;
        interactive = !quiet && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
    }

    /// <summary>When set, only notes are printed (to stderr), e.g. under --json.</summary>
    public bool Quiet { get; }

    public void Begin(string task, long total)
    {
        End();
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
        }
        else if (task.Length > 0 && !Quiet)
        {
            Console.WriteLine($"{task} done in {clock.Elapsed:mm\\:ss}");
        }
        task = "";
    }

    public void Note(string message)
    {
        if (bar is not null) bar.WriteLine(message);
        else Console.Error.WriteLine(message);
    }

    public void Dispose() => End();
}
