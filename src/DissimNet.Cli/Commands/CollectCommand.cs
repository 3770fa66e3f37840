using System.CommandLine;
using DissimNet.Cli.Jobs;
using DissimNet.Sweeps;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet collect</c>: gathers a sweep's cells into one table (CSV, JSON) and an HTML page.</summary>
internal static class CollectCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var sweep = new Argument<string>("SWEEPDIR") { Description = "A sweep folder made by dissimnet sweep, or a cross-validation folder whose folds ran with crossval --slurm or --jobs" };
        var command = new Command("collect", "Gather every cell of a sweep into results.csv, results.json and results.html (best cells, a plot per grid axis, failed cells); "
            + "of a cross-validation folder, gather its folds into crossval.json and crossval.html once all are done");
        command.Arguments.Add(sweep);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(sweep)!;
            if (!File.Exists(Path.Combine(path, SweepFolder.PlanFile)) && FoldCells.In(path)) return GatherFolds(console, path);
            var folder = SweepFolder.Open(path);
            SweepResultFiles.CheckTargets(folder);
            var results = SweepCollector.Collect(folder);
            var (csv, json) = SweepResultFiles.Write(results);
            var html = SweepReportHtml.Write(results);
            console.Out.WriteLine($"{results.Rows.Count} cells: {results.Count(CellState.Done)} done, {results.Count(CellState.Failed)} failed, "
                + $"{results.Count(CellState.Running)} running, {results.Count(CellState.Pending)} pending");
            foreach (var row in results.Rows.Where(r => r.Status.State == CellState.Failed))
                console.Out.WriteLine($"failed: {row.Cell.Id}: {row.Status.Error}");
            if (results.Rows.Where(r => r.Headline is { } h && double.IsFinite(h)).MaxBy(r => r.Headline) is { } best)
                console.Out.WriteLine($"best: {best.Cell.Id} ({string.Join(", ", best.Cell.Parameters.Select(p => $"{p.Key} {p.Value}"))}): {results.HeadlineName} {best.Headline:F4}");
            console.Out.WriteLine($"wrote {csv}, {json} and {html}");
            return 0;
        });
        return command;
    }

    /// <summary>A cross-validation folder: once every fold's run is there, runs the cross-validation's own command (the options its folds
    /// ran with) to gather them; until then, says which folds are missing and why.</summary>
    static int GatherFolds(CliConsole console, string path)
    {
        var folder = SweepFolder.Open(FoldCells.PathIn(path));
        var open = FoldCells.Unfinished(folder);
        if (open.Count > 0)
        {
            console.Out.WriteLine($"{path}: {folder.Cells.Count - open.Count} of {folder.Cells.Count} folds done; nothing gathered yet");
            foreach (var (cell, why) in open) console.Out.WriteLine($"fold {cell.Value(CellKinds.FoldAxis)}: {why}");
            return 0;
        }
        var parse = CliRunner.Parse(CliRunner.CreateRootCommand(console), FoldCells.GatherArguments(folder));
        if (parse.Errors.Count > 0)
            throw new DissimNetException($"{folder.Plan.Source}: the folds' options no longer parse as crossval's: {parse.Errors[0].Message}");
        return parse.Invoke(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}
