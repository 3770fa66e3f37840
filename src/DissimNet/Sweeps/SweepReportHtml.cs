using System.Globalization;
using System.Net;
using System.Text;
using DissimNet.IO;
using DissimNet.Reports;

namespace DissimNet.Sweeps;

/// <summary>The sweep's results page, <c>results.html</c>: counts, the best cells, the headline score per value of every grid axis,
/// and the failed cells with their last error line. One self-contained file (figures embedded).</summary>
internal static class SweepReportHtml
{
    const int BestShown = 10;

    /// <summary>Writes the page into the sweep folder and returns its path.</summary>
    public static string Write(SweepResults results)
    {
        var folder = results.Folder;
        var html = new StringBuilder();
        var title = $"Sweep {Path.GetFileName(Path.GetFullPath(folder.Path).TrimEnd('/'))}";
        html.Append($"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{E(title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n");
        html.Append($"<h1>{E(title)}</h1>\n<p>{E(folder.Plan.Command.Name())} over {results.Rows.Count} cells: {results.Count(CellState.Done)} done, "
            + $"{results.Count(CellState.Failed)} failed, {results.Count(CellState.Running)} running, {results.Count(CellState.Pending)} pending. "
            + $"Cells are ranked by the {E(results.HeadlineName)}.</p>\n");
        Best(html, results);
        Axes(html, results);
        Failed(html, results);
        html.Append("</body>\n</html>\n");
        var path = Path.Combine(folder.Path, SweepFolder.ResultsHtml);
        OutputFile.WriteText(path, html.ToString(), within: folder.Path);
        return path;
    }

    static void Best(StringBuilder html, SweepResults results)
    {
        var axes = results.Folder.Plan.Varying;
        var best = results.Rows.Where(r => r.Headline is { } h && double.IsFinite(h)).OrderByDescending(r => r.Headline).Take(BestShown).ToList();
        html.Append($"<h2>Best cells</h2>\n");
        if (best.Count == 0) { html.Append("<p>No cell has a score yet.</p>\n"); return; }
        html.Append("<table>\n<tr><th>cell</th>");
        foreach (var axis in axes) html.Append($"<th>{E(axis)}</th>");
        html.Append($"<th>{E(results.HeadlineName)}</th><th>seconds</th></tr>\n");
        foreach (var row in best)
        {
            html.Append($"<tr><td>{E(row.Cell.Id)}</td>");
            foreach (var axis in axes) html.Append($"<td>{E(row.Cell.Value(axis) ?? "")}</td>");
            html.Append($"<td>{row.Headline!.Value.ToString("F4", CultureInfo.InvariantCulture)}</td><td>{row.Status.Seconds?.ToString("F0", CultureInfo.InvariantCulture)}</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    static void Axes(StringBuilder html, SweepResults results)
    {
        var scored = results.Rows.Where(r => r.Headline is { } h && double.IsFinite(h)).ToList();
        if (scored.Count == 0 || results.Folder.Plan.Varying.Count == 0) return;
        html.Append("<h2>Per grid axis</h2>\n<div class=\"figures\">\n");
        double? Mean(string metric) => scored.Select(r => r.Metrics.FirstOrDefault(m => m.Key == metric).Value as double?)
            .Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Average() is var m && double.IsFinite(m) ? m : null;
        var ceiling = Mean("noise_ceiling_lower") is { } lower && Mean("noise_ceiling_upper") is { } upper ? (lower, upper) : ((double, double)?)null;
        var temp = Directory.CreateTempSubdirectory("dissimnet-sweep-figures-");
        try
        {
            foreach (var axis in results.Folder.Plan.Varying)
            {
                var values = results.Rows.Select(r => r.Cell.Value(axis)).OfType<string>().Distinct().ToList();
                if (values.Count < 2) continue; // one value says nothing about the axis
                var groups = values.Select(v => (v, (IReadOnlyList<double>)scored
                    .Where(r => r.Cell.Value(axis) == v).Select(r => r.Headline!.Value).ToList())).ToList();
                var png = Path.Combine(temp.FullName, "axis.png");
                new ScoresByValuePlot { Groups = groups, Setting = axis, ScoreLabel = results.HeadlineName, NoiseCeiling = ceiling }.SavePng(png);
                html.Append($"<figure><img src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(png))}\" alt=\"{E(axis)}\">"
                    + $"<figcaption>{E(results.HeadlineName)} of every finished cell (dots) and their mean (bar) for each value of {E(axis)}"
                    + (ceiling is null ? "" : "; grey: the cells' mean noise ceiling") + ".</figcaption></figure>\n");
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
        html.Append("</div>\n");
    }

    static void Failed(StringBuilder html, SweepResults results)
    {
        var failed = results.Rows.Where(r => r.Status.State == CellState.Failed).ToList();
        html.Append($"<h2>Failed cells ({failed.Count})</h2>\n");
        if (failed.Count == 0) { html.Append("<p>None.</p>\n"); return; }
        html.Append("<table>\n<tr><th>cell</th><th>step</th><th>exit code</th><th>last error line</th></tr>\n");
        foreach (var row in failed)
            html.Append($"<tr><td>{E(row.Cell.Id)}</td><td>{E(row.Status.Step ?? "")}</td><td>{row.Status.ExitCode}</td><td><code>{E(row.Status.Error ?? "")}</code></td></tr>\n");
        html.Append("</table>\n<p>Running the sweep again runs these cells (and any not finished) only.</p>\n");
    }

    static string E(string text) => WebUtility.HtmlEncode(text);

    const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
        th { background: #f3f3f3; } code { font-size: 90%; }
        .figures { display: flex; flex-wrap: wrap; gap: 1em; } figure { margin: 0; max-width: 640px; } img { max-width: 100%; }
        figcaption { font-size: 90%; color: #444; }
        """;
}
