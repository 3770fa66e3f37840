using System.Diagnostics;
using DissimNet;
using DissimNet.Networks.Runtime;
using Spectre.Console;

namespace DissimNet.Cli;

/// <summary>Renders library progress on stderr, never on stdout (stdout carries results only): a live Spectre.Console bar when
/// stderr is a terminal, plain timestamped lines otherwise (CI, pipes, NO_COLOR), nothing under --quiet.</summary>
internal sealed class ConsoleProgress : IProgressSink, IDisposable
{
    readonly CliConsole console;
    readonly IAnsiConsole? terminal;
    readonly List<string> heldNotes = [];
    LiveBar? bar;
    string task = "";
    long total;
    Stopwatch clock = new();
    TimeSpan lastLine;
    bool runtimeDescribed;

    /// <summary>Creates a renderer on <paramref name="console"/>'s stderr following its verbosity: a live bar only on a terminal
    /// without NO_COLOR, none under --quiet; <paramref name="quiet"/> drops progress for one command (e.g. under --json), keeping notes.</summary>
    public ConsoleProgress(CliConsole console, bool quiet = false)
    {
        this.console = console;
        Quiet = quiet || console.Verbosity == Verbosity.Quiet;
        Silent = console.Verbosity == Verbosity.Quiet;
        if (!Quiet && console.LiveProgress) terminal = console.Progress();
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
        if (terminal is not null) bar = new LiveBar(terminal, task, total);
        else if (!Quiet) console.Error.WriteLine($"{task} ...");
    }

    public void Report(long done, string? detail = null)
    {
        if (bar is not null)
        {
            bar.Update(done, detail is null ? task : $"{task}  {detail}");
            return;
        }
        if (Quiet) return;
        // Plain output: at most one line every 5 seconds, plus the last step.
        if (clock.Elapsed - lastLine < TimeSpan.FromSeconds(5) && done < total) return;
        lastLine = clock.Elapsed;
        var count = total > 0 ? $"{done}/{total}" : $"{done}";
        console.Error.WriteLine($"  {count}  {detail}  [{clock.Elapsed:mm\\:ss}]");
    }

    public void End()
    {
        if (bar is not null)
        {
            bar.Dispose();
            bar = null;
            foreach (var note in heldNotes) console.Error.WriteLine(note);
            heldNotes.Clear();
            if (task.Length > 0) console.Detail($"{task} done in {clock.Elapsed:mm\\:ss\\.ff}");
        }
        else if (task.Length > 0 && !Quiet) console.Error.WriteLine($"{task} done in {clock.Elapsed:mm\\:ss}");
        else if (task.Length > 0) console.Detail($"{task} done in {clock.Elapsed:mm\\:ss\\.ff}");
        task = "";
    }

    public void Note(string message)
    {
        if (Silent) return;
        // A line written under a live bar would tear its display: held until the bar ends.
        if (bar is not null) heldNotes.Add(message);
        else console.Error.WriteLine(message);
    }

    public void Dispose() => End();

    /// <summary>Under --verbose, the first task names the torch runtime and convolution path it runs on.</summary>
    void DescribeRuntimeOnce()
    {
        if (console.Verbosity != Verbosity.Verbose || runtimeDescribed) return;
        runtimeDescribed = true;
        foreach (var (name, value) in TorchRuntimeInfo.Describe()) console.Detail($"{name}: {value}");
    }

    /// <summary>One task's bar: Spectre.Console's progress display runs on its own thread until the task ends, while the
    /// library reports into it from the working thread (its task object is safe to update from any thread).</summary>
    sealed class LiveBar : IDisposable
    {
        readonly ManualResetEventSlim started = new(), ended = new();
        readonly Thread thread;
        ProgressTask? task;

        public LiveBar(IAnsiConsole console, string description, long total)
        {
            thread = new Thread(() => console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
                    started.Set();
                    ended.Wait();
                    context.Refresh();
                }))
            { IsBackground = true, Name = "dissimnet progress" };
            thread.Start();
            started.Wait();
        }

        public void Update(long done, string description)
        {
            task!.Value = done;
            task.Description = Markup.Escape(description);
        }

        public void Dispose()
        {
            ended.Set();
            thread.Join();
            started.Dispose();
            ended.Dispose();
        }
    }
}
