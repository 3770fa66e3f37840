using System.CommandLine;
using DissimNet.Sweeps;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet collect</c>: gathers a sweep's cells into one table (CSV, JSON) and an HTML page.</summary>
public static class CollectCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var sweep = new Argument<string>("SWEEPDIR") { Description = "A sweep folder made by dissimnet sweep" };
        var command = new Command("collect", "Gather every cell of a sweep into results.csv, results.json and results.html (best cells, a plot per grid axis, failed cells)");
        command.Arguments.Add(sweep);
        command.SetAction(parse =>
        {
            var folder = SweepFolder.Open(parse.GetValue(sweep)!);
            SweepResultFiles.CheckTargets(folder);
            var results = SweepCollector.Collect(folder);
            var (csv, json) = SweepResultFiles.Write(results);
            var html = SweepReportHtml.Write(results);
            Console.WriteLine($"{results.Rows.Count} cells: {results.Count(CellState.Done)} done, {results.Count(CellState.Failed)} failed, "
                + $"{results.Count(CellState.Running)} running, {results.Count(CellState.Pending)} pending");
            foreach (var row in results.Rows.Where(r => r.Status.State == CellState.Failed))
                Console.WriteLine($"failed: {row.Cell.Id}: {row.Status.Error}");
            if (results.Rows.Where(r => r.Headline is { } h && double.IsFinite(h)).MaxBy(r => r.Headline) is { } best)
                Console.WriteLine($"best: {best.Cell.Id} ({string.Join(", ", best.Cell.Parameters.Select(p => $"{p.Key} {p.Value}"))}): {results.HeadlineName} {best.Headline:F4}");
            Console.WriteLine($"wrote {csv}, {json} and {html}");
            return 0;
        });
        return command;
    }
}
