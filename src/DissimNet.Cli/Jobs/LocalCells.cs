using DissimNet.Sweeps;

namespace DissimNet.Cli.Jobs;

/// <summary>What a run of cells did: cells done and failed this time, and cells skipped because they were done before.</summary>
internal sealed record SweepRunResult(int Ran, int Done, int Failed, int Skipped);

/// <summary>Runs a sweep folder's unfinished cells on this machine, <c>jobs</c> at a time, each with its share of the cores: what
/// <c>sweep --local</c> and <c>crossval --jobs</c> both do.</summary>
internal static class LocalCells
{
    /// <summary>Runs every cell not yet done; progress counts cells, with a note for each one that ends.</summary>
    /// <param name="folder">The sweep folder.</param>
    /// <param name="executable">The dissimnet the cells run.</param>
    /// <param name="jobs">Cells at a time.</param>
    /// <param name="progress">Progress and notes.</param>
    /// <param name="relay">Whether the cells' error lines are echoed to <paramref name="progress"/>, prefixed with the cell.</param>
    /// <param name="cancel">Kills the running cells and leaves them to run again.</param>
    public static SweepRunResult Run(SweepFolder folder, DissimNetExecutable executable, int jobs, IProgressSink? progress = null,
        bool relay = false, CancellationToken cancel = default)
    {
        if (jobs < 1) throw new SettingException($"the number of local jobs must be at least 1, got {jobs}", "Local");
        progress ??= NullProgress.Instance;
        var pending = folder.Unfinished();
        int skipped = folder.Cells.Count - pending.Count;
        if (skipped > 0) progress.Note($"{skipped} of {folder.Cells.Count} cells are done already and are skipped");
        var runner = new CellRunner(folder, new ChildProcesses(executable, ChildProcesses.ThreadsPerJob(jobs)), relay ? progress : null);
        int next = -1, done = 0, failed = 0;
        var gate = new object();
        progress.Begin($"{folder.Plan.Command.Name()} cells ({jobs} at a time)", pending.Count);
        void Worker()
        {
            while (!cancel.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= pending.Count) return;
                var cell = pending[i];
                var status = runner.Run(cell, cancel);
                lock (gate)
                {
                    if (status.State == CellState.Done) done++; else failed++;
                    progress.Note(status.State == CellState.Done
                        ? $"cell {cell.Id}: done in {status.Seconds:F0} s"
                        : $"cell {cell.Id}: failed ({status.Step}): {status.Error}");
                    progress.Report(done + failed, failed > 0 ? $"{failed} failed" : null);
                }
            }
        }
        var workers = Enumerable.Range(0, Math.Min(jobs, Math.Max(1, pending.Count))).Select(_ => Task.Run(Worker)).ToArray();
        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            throw new OperationCanceledException(cancel);
        }
        finally
        {
            progress.End();
        }
        cancel.ThrowIfCancellationRequested();
        return new SweepRunResult(done + failed, done, failed, skipped);
    }
}
