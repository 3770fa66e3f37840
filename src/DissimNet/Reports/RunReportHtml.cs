using System.Globalization;
using System.Text;
using static System.Net.WebUtility;

namespace DissimNet.Reports;

/// <summary>The report page: headline numbers, figures, the table of scores, the command and settings. No scripts, no external files but the PNGs.</summary>
internal static class RunReportHtml
{
    const string Style = """
        body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; margin: 0 auto; max-width: 1240px; padding: 24px; color: #222; line-height: 1.45; }
        h1 { font-size: 1.7em; margin-bottom: 0.2em; }
        h2 { border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 2em; }
        .source { color: #666; font-size: 0.9em; word-break: break-all; }
        .headline { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
        .headline div { background: #f3f5f8; border-radius: 6px; padding: 10px 16px; min-width: 180px; }
        .headline b { display: block; font-size: 1.5em; }
        .figures { display: flex; flex-wrap: wrap; gap: 18px; }
        figure { margin: 0; flex: 1 1 380px; max-width: 100%; }
        figure.wide { flex-basis: 100%; }
        figure img { max-width: 100%; height: auto; border: 1px solid #e3e3e3; }
        figcaption { font-size: 0.9em; color: #444; }
        .missing { background: #fff6e0; border-left: 4px solid #e0a800; padding: 8px 12px; font-size: 0.92em; }
        table { border-collapse: collapse; font-size: 0.92em; }
        th, td { border: 1px solid #ddd; padding: 4px 10px; text-align: right; }
        th { background: #f3f5f8; }
        td:first-child, th:first-child { text-align: left; }
        tr.selected td { background: #fdecea; font-weight: bold; }
        pre { background: #f6f6f6; padding: 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
        .settings td { text-align: left; font-family: "DejaVu Sans Mono", monospace; }
        """;

    public static string Render(RunReportData data, IReadOnlyList<ReportFigure> figures, string? embedFrom)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append($"<title>{HtmlEncode(data.Title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n");
        html.Append($"<h1>{HtmlEncode(data.Title)}</h1>\n");
        if (data.Source is not null) html.Append($"<p class=\"source\">Run: {HtmlEncode(data.Source)}</p>\n");
        if (data.FullSetProfile is { } full) html.Append($"<p>Target: {HtmlEncode(full.Target)}.</p>\n");
        Headline(html, data);

        Section(html, "Layer profile", figures.Where(f => f.Section == "profile"), embedFrom, wide: true);
        Section(html, "Training and model selection", figures.Where(f => f.Section == "training"), embedFrom, wide: true);
        Section(html, "RDMs of the held-out images", figures.Where(f => f.Section == "rdms"), embedFrom, wide: false);
        Section(html, "MDS of the held-out images", figures.Where(f => f.Section == "mds"), embedFrom, wide: false);
        ScoreTable(html, data);
        Provenance(html, data);
        Notes(html, data, figures);
        html.Append($"<p class=\"source\">Written by DissimNet on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    static void Headline(StringBuilder html, RunReportData data)
    {
        if (data.Test is { } test)
        {
            TestHeadline(html, data, test);
            return;
        }
        html.Append("<div class=\"headline\">\n");
        if (data.Best is { } best)
            Tile(html, "selected model", F(best.Score), $"{best.Layer}, epoch {best.Epoch}");
        if (data.BestBaselineLayer is { } layer)
            Tile(html, "pretrained, best layer", F(data.Baseline[layer]), layer);
        if (data.NoiseCeiling is var (lower, upper))
        {
            Tile(html, "noise ceiling", $"{F(lower)} – {F(upper)}", "lower – upper bound");
            if (data.Best is { } b && lower > 0)
                Tile(html, "selected / lower ceiling", $"{100 * b.Score / lower:0}%", "share of the explainable structure");
        }
        Tile(html, "images", $"{data.TrainImages.Count} / {data.HeldOutImages.Count}", "training / held out");
        html.Append("</div>\n");
    }

    /// <summary>With test images the headline is the test score of the cell chosen on validation, the unbiased number.</summary>
    static void TestHeadline(StringBuilder html, RunReportData data, TestResult test)
    {
        html.Append("<div class=\"headline\">\n");
        if (test.Selected is { } s)
            Tile(html, "trained, on test images", F(s.Test), $"{s.Layer}, epoch {s.Epoch} (chosen on validation: {F(s.Val)})");
        if (test.Pretrained is { } p)
            Tile(html, "pretrained, on test images", F(p.Test), $"{p.Layer} (chosen on validation: {F(p.Val)})");
        if (test.NoiseCeiling is var (lower, upper))
        {
            Tile(html, "test noise ceiling", $"{F(lower)} – {F(upper)}", "lower – upper bound");
            if (test.Selected is { } sel && lower > 0)
                Tile(html, "trained / lower ceiling", $"{100 * sel.Test / lower:0}%", "on the test images");
        }
        Tile(html, "images", $"{data.TrainImages.Count} / {data.HeldOutImages.Count} / {test.Images}", "training / validation / test");
        html.Append("</div>\n");
        html.Append($"<p>Selection: {HtmlEncode(test.Selection)}. The test numbers above are therefore unbiased estimates for new images.");
        if (test.Optimistic is { } o)
            html.Append($" For comparison only, the best cell on the test images themselves ({HtmlEncode(o.Layer)}, epoch {o.Epoch}) scores {F(o.Test)}: chosen on the test images, so optimistic.");
        html.Append("</p>\n");
    }

    static void Tile(StringBuilder html, string label, string value, string detail) =>
        html.Append($"<div>{HtmlEncode(label)}<b>{HtmlEncode(value)}</b>{HtmlEncode(detail)}</div>\n");

    static void Section(StringBuilder html, string heading, IEnumerable<ReportFigure> figures, string? embedFrom, bool wide)
    {
        html.Append($"<h2 id=\"{Anchor(heading)}\">{HtmlEncode(heading)}</h2>\n<div class=\"figures\">\n");
        foreach (var figure in figures)
        {
            html.Append(wide ? "<figure class=\"wide\">\n" : "<figure>\n");
            if (figure.RelativePath is { } relative)
            {
                string source = embedFrom is null
                    ? HtmlEncode(relative)
                    : "data:image/png;base64," + Convert.ToBase64String(File.ReadAllBytes(Path.Combine(embedFrom, relative)));
                string image = $"<img src=\"{source}\" alt=\"{HtmlEncode(figure.Title)}\">";
                // Linked to the full-size PNG, since side-by-side figures are shown scaled down.
                html.Append(embedFrom is null ? $"<a href=\"{HtmlEncode(relative)}\">{image}</a>\n" : image + "\n");
                html.Append($"<figcaption><b>{HtmlEncode(figure.Title)}.</b> {HtmlEncode(figure.Caption)}</figcaption>\n");
            }
            else
                html.Append($"<p class=\"missing\"><b>{HtmlEncode(figure.Title)}</b>: not shown, {HtmlEncode(figure.SkipReason ?? "no data")}.</p>\n");
            html.Append("</figure>\n");
        }
        html.Append("</div>\n");
    }

    static void ScoreTable(StringBuilder html, RunReportData data)
    {
        html.Append("<h2 id=\"scores\">Scores per layer</h2>\n");
        if (data.Layers.Count == 0)
        {
            html.Append("<p class=\"missing\">The run recorded no per-layer scores.</p>\n");
            return;
        }
        var ceilingUpper = data.NoiseCeiling?.Upper;
        html.Append("<table>\n<tr><th>layer</th><th>before training</th><th>after training</th><th>change</th><th>best (epoch)</th>");
        if (ceilingUpper is not null) html.Append("<th>after / upper ceiling</th>");
        html.Append("</tr>\n");
        foreach (var layer in data.Layers)
        {
            double before = data.Baseline.GetValueOrDefault(layer, double.NaN), after = data.Final.GetValueOrDefault(layer, double.NaN);
            var (bestScore, bestEpoch) = BestOf(data, layer);
            bool selected = data.Best?.Layer == layer;
            string name = layer + (layer == data.TrainLayer ? " (trained)" : "") + (selected ? " (selected)" : "");
            html.Append(selected ? "<tr class=\"selected\">" : "<tr>");
            html.Append($"<td>{HtmlEncode(name)}</td><td>{F(before)}</td><td>{F(after)}</td><td>{Signed(after - before)}</td>");
            html.Append($"<td>{F(bestScore)}{(double.IsFinite(bestScore) ? $" ({bestEpoch})" : "")}</td>");
            if (ceilingUpper is { } upper) html.Append($"<td>{(upper > 0 && double.IsFinite(after) ? $"{100 * after / upper:0.0}%" : "–")}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
        if (data.NoiseCeiling is var (lower, up))
            html.Append($"<p>Noise ceiling of the held-out target: lower {F(lower)}, upper {F(up)}.</p>\n");
        if (data.ScoreMethod is not null) html.Append($"<p>Score: {HtmlEncode(data.ScoreMethod)}.</p>\n");
        if (data.Epochs.Count > 0)
        {
            html.Append("<details><summary>Per-epoch numbers</summary>\n<table>\n<tr><th>epoch</th><th>training loss</th><th>seconds</th>");
            foreach (var layer in data.Layers) html.Append($"<th>{HtmlEncode(layer)}</th>");
            html.Append("</tr>\n");
            foreach (var epoch in data.Epochs)
            {
                html.Append($"<tr><td>{epoch.Epoch}</td><td>{F(epoch.TrainLoss, "0.0000")}</td><td>{F(epoch.Seconds, "0.0")}</td>");
                foreach (var layer in data.Layers) html.Append($"<td>{F(epoch.HeldOut.GetValueOrDefault(layer, double.NaN))}</td>");
                html.Append("</tr>\n");
            }
            html.Append("</table>\n</details>\n");
        }
    }

    static (double Score, int Epoch) BestOf(RunReportData data, string layer)
    {
        (double, int) best = (double.NaN, -1);
        foreach (int epoch in new[] { 0 }.Concat(data.Epochs.Select(e => e.Epoch)))
        {
            double score = data.ScoreAt(layer, epoch);
            if (double.IsFinite(score) && !(score <= best.Item1)) best = (score, epoch);
        }
        return best;
    }

    static void Provenance(StringBuilder html, RunReportData data)
    {
        html.Append("<h2 id=\"settings\">Command and settings</h2>\n");
        html.Append(data.Command is null
            ? "<p class=\"missing\">The run recorded no command line.</p>\n"
            : $"<pre>{HtmlEncode(data.Command)}</pre>\n");
        var rows = new List<KeyValuePair<string, string>>();
        if (data.Architecture is not null) rows.Add(new("architecture", data.Architecture));
        if (data.TrainLayer is not null && !data.Settings.Any(s => s.Key == "train_layer")) rows.Add(new("train layer", data.TrainLayer));
        rows.AddRange(data.Settings);
        if (rows.Count > 0)
        {
            html.Append("<table class=\"settings\">\n");
            foreach (var (key, value) in rows) html.Append($"<tr><td>{HtmlEncode(key)}</td><td>{HtmlEncode(value)}</td></tr>\n");
            html.Append("</table>\n");
        }
        html.Append($"<details><summary>Image split: {data.TrainImages.Count} training, {data.HeldOutImages.Count} held out for validation"
            + (data.Test is { } t ? $", {t.Images} for test" : "") + "</summary>\n");
        html.Append($"<p>Held out: {HtmlEncode(string.Join(", ", data.HeldOutImages))}</p>\n<p>Training: {HtmlEncode(string.Join(", ", data.TrainImages))}</p>\n</details>\n");
    }

    static void Notes(StringBuilder html, RunReportData data, IReadOnlyList<ReportFigure> figures)
    {
        var notes = data.Notes.Concat(figures.Where(f => !f.Written).Select(f => $"{f.Title}: not shown, {f.SkipReason}")).ToList();
        if (notes.Count == 0) return;
        html.Append("<h2 id=\"notes\">Notes</h2>\n<ul>\n");
        foreach (var note in notes) html.Append($"<li>{HtmlEncode(note)}</li>\n");
        html.Append("</ul>\n");
    }

    static string Anchor(string heading) => string.Concat(heading.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-'));

    static string F(double value, string format = "0.000") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    static string Signed(double value) =>
        double.IsFinite(value) ? value.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture) : "–";
}
