using System.Globalization;
using System.Text;
using DissimNet.Statistics;
using DissimNet.Training;
using static System.Net.WebUtility;

namespace DissimNet.Reports;

/// <summary>crossval.html: the headline numbers over folds, how they were obtained, the figure and the per-fold table, in one file (the figure embedded).</summary>
internal static class CrossValidationReport
{
    /// <summary>Writes the page to <paramref name="htmlPath"/>.</summary>
    public static void Write(CrossValidationResult result, string htmlPath)
    {
        var figure = Path.Combine(Path.GetTempPath(), $"dissimnet-crossval-{Guid.NewGuid():N}.png");
        try
        {
            string? image = null;
            if (result.FoldResults.Count > 0)
            {
                CrossValidationPlot.SavePng(result, figure);
                image = Convert.ToBase64String(File.ReadAllBytes(figure));
            }
            IO.OutputFile.Write(htmlPath, temp => File.WriteAllText(temp, Render(result, image)));
        }
        finally
        {
            if (File.Exists(figure)) File.Delete(figure);
        }
    }

    static string Render(CrossValidationResult r, string? image)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>DissimNet cross-validation</title>\n<style>\n");
        html.Append("""
            body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 1100px; padding: 24px; color: #222; line-height: 1.45; }
            .headline { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
            .headline div { background: #f3f5f8; border-radius: 6px; padding: 10px 16px; min-width: 180px; }
            .headline b { display: block; font-size: 1.5em; }
            table { border-collapse: collapse; font-size: 0.92em; }
            th, td { border: 1px solid #ddd; padding: 4px 10px; text-align: right; }
            th { background: #f3f5f8; }
            img { max-width: 100%; border: 1px solid #e3e3e3; }
            """);
        html.Append("</style>\n</head>\n<body>\n");
        html.Append($"<h1>Cross-validated Siamese training: {r.Repeats} x {r.Folds}-fold over {r.Images} images</h1>\n");
        if (!r.Complete) html.Append($"<p><b>Unfinished:</b> {r.FoldResults.Count} of {r.Folds * r.Repeats} folds have finished.</p>\n");
        html.Append("<div class=\"headline\">\n");
        if (r.Trained is { } t) Tile(html, "trained, test score", $"{F(t.Mean)} ± {F(t.Corrected.StandardError)}", "mean over folds ± corrected SE");
        if (r.Pretrained is { } p) Tile(html, "pretrained, test score", $"{F(p.Mean)} ± {F(p.Corrected.StandardError)}", "mean over folds ± corrected SE");
        if (r.Gain is { } g)
            Tile(html, "gain", $"{Signed(g.Mean)}", $"95% CI {F(g.Corrected.Interval.Lower)} to {F(g.Corrected.Interval.Upper)}, p = {g.Corrected.PValue.ToString("G3", CultureInfo.InvariantCulture)}");
        if (r.NoiseCeiling is { } c)
        {
            Tile(html, "noise ceiling (test images)", $"{F(c.Lower)} – {F(c.Upper)}", "mean over folds, lower – upper");
            if (r.Trained is { } tr && c.Lower > 0) Tile(html, "trained / lower ceiling", $"{100 * tr.Mean / c.Lower:0}%", "mean over folds");
        }
        html.Append("</div>\n");
        html.Append($"<p><b>How these numbers were made.</b> Every fold is a full training run. Its images are split three ways: the fold's test images, "
            + $"and the rest split into training images and validation images ({r.HoldoutFraction:0.###} of the rest). Selection: {HtmlEncode(r.Selection)}. "
            + "The pretrained network is the same run's epoch 0, its layer chosen on the same validation images. Scores: "
            + $"{HtmlEncode(r.ScoreMethod)} on the fold's test images.</p>\n");
        html.Append("<p><b>Statistics.</b> Folds of repeated k-fold share training images, so they are not independent: the standard errors, intervals "
            + "and p-value in the headline use Nadeau and Bengio's corrected resampled t-test (variance factor 1/J + n_test/n_train = "
            + $"{1.0 / Math.Max(1, r.FoldResults.Count) + r.TestToTrainRatio:0.###} instead of 1/J). The bootstrap intervals below resample folds "
            + "(and subjects, and each fold's test images) and share the plain test's optimism about independent folds.</p>\n");
        if (r.Gain is { } gain)
        {
            html.Append("<table>\n<tr><th></th><th>mean</th><th>plain SE</th><th>corrected SE</th><th>95% CI (corrected t)</th><th>95% CI bootstrap folds</th><th>95% CI bootstrap folds x subjects</th><th>95% CI bootstrap folds x subjects x images</th></tr>\n");
            foreach (var (name, s) in new[] { ("trained", r.Trained!), ("pretrained", r.Pretrained!), ("gain", gain) })
                html.Append($"<tr><td>{name}</td><td>{F(s.Mean)}</td><td>{F(s.StandardError)}</td><td>{F(s.Corrected.StandardError)}</td><td>{Ci(s.Corrected.Interval)}</td>"
                    + $"<td>{Ci(s.BootstrapFolds)}</td><td>{(s.BootstrapFoldsAndSubjects is { } b ? Ci(b) : "–")}</td>"
                    + $"<td>{(s.BootstrapFoldsSubjectsAndImages is { } i ? Ci(i) : "–")}</td></tr>\n");
            html.Append("</table>\n");
            if (r.GainPlainTTest is { } plain)
                html.Append($"<p>Gain: corrected t({gain.Corrected.DegreesOfFreedom}) = {gain.Corrected.T:0.00}, p = {gain.Corrected.PValue.ToString("G3", CultureInfo.InvariantCulture)}; "
                    + $"the plain paired t-test, which treats folds as independent, gives t = {plain.T:0.00}, p = {plain.PValue.ToString("G3", CultureInfo.InvariantCulture)} (too confident).</p>\n");
        }
        if (image is not null) html.Append($"<p><img src=\"data:image/png;base64,{image}\" alt=\"test scores and gain per fold\"></p>\n");
        html.Append("<h2>Folds</h2>\n<table>\n<tr><th>fold</th><th>repeat</th><th>images train / val / test</th><th>trained: cell (chosen on validation)</th>"
            + "<th>trained: validation</th><th>trained: test</th><th>pretrained: layer</th><th>pretrained: test</th><th>gain</th><th>noise ceiling</th><th>seconds</th><th>run folder</th></tr>\n");
        foreach (var f in r.FoldResults)
            html.Append($"<tr><td>{f.Number}</td><td>{f.Repeat}</td><td>{f.Train.Length} / {f.Val.Length} / {f.Test.Length}</td>"
                + $"<td>{HtmlEncode(f.Trained.Layer)}{(f.Members is null ? $", epoch {f.Trained.Epoch}" : "")}</td><td>{F(f.Trained.Val)}</td><td>{F(f.Trained.Test)}</td>"
                + $"<td>{HtmlEncode(f.Pretrained.Layer)}</td><td>{F(f.Pretrained.Test)}</td><td>{Signed(f.Trained.Test - f.Pretrained.Test)}</td>"
                + $"<td>{(f.NoiseCeiling is { } nc ? $"{F(nc.Lower)} – {F(nc.Upper)}" : "–")}</td><td>{f.Seconds:0}</td>"
                + $"<td><a href=\"{HtmlEncode(f.Folder)}/summary.json\">{HtmlEncode(f.Folder)}</a></td></tr>\n");
        html.Append("</table>\n");
        if (r.Settings?.Command is { } command) html.Append($"<h2>Command</h2>\n<pre>{HtmlEncode(command)}</pre>\n");
        html.Append($"<p style=\"color:#666\">Written by DissimNet on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    static void Tile(StringBuilder html, string label, string value, string detail) =>
        html.Append($"<div>{HtmlEncode(label)}<b>{HtmlEncode(value)}</b>{HtmlEncode(detail)}</div>\n");

    static string Ci(ConfidenceInterval ci) => $"{F(ci.Lower)} to {F(ci.Upper)}";

    static string F(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    static string Signed(double value) => double.IsFinite(value) ? value.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture) : "–";
}
