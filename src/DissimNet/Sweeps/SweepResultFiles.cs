using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DissimNet.IO;

namespace DissimNet.Sweeps;

/// <summary>Writes a sweep's results as <c>results.csv</c> and <c>results.json</c>: one row per cell with its values, status and numbers.</summary>
internal static partial class SweepResultFiles
{
    /// <summary>Refuses, before anything is written, when any of the results (results.csv, results.json, results.html) could not
    /// be written: a folder, device, FIFO or link at its path, or a link on the way to it. So collect writes all or none.</summary>
    /// <exception cref="DissimNetException">One line naming the first target that cannot be written.</exception>
    public static void CheckTargets(SweepFolder folder)
    {
        foreach (var name in (string[])[SweepFolder.ResultsCsv, SweepFolder.ResultsJson, SweepFolder.ResultsHtml])
        {
            var path = Path.Combine(folder.Path, name);
            OutputFile.CheckWithin(folder.Path, path);
            OutputFile.CheckWritable(path);
        }
    }

    /// <summary>Writes both files into the sweep folder and returns their paths.</summary>
    public static (string Csv, string Json) Write(SweepResults results)
    {
        var folder = results.Folder;
        var csv = Path.Combine(folder.Path, SweepFolder.ResultsCsv);
        var json = Path.Combine(folder.Path, SweepFolder.ResultsJson);
        OutputFile.WriteText(csv, Csv(results), within: folder.Path);
        OutputFile.WriteText(json, Json(results).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", within: folder.Path);
        return (csv, json);
    }

    /// <summary>The CSV text: index, id, the grid's axes, status, seconds, the metrics, and the error of a failed cell.</summary>
    public static string Csv(SweepResults results)
    {
        var axes = results.Folder.Plan.Varying;
        var metrics = results.MetricNames;
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', new[] { "index", "id" }.Concat(axes).Concat(["status", "seconds"]).Concat(metrics).Append("error").Select(Field)));
        foreach (var row in results.Rows)
        {
            var values = new List<string> { row.Cell.Index.ToString(CultureInfo.InvariantCulture), row.Cell.Id };
            values.AddRange(axes.Select(name => row.Cell.Value(name) ?? ""));
            values.Add(Name(row.Status.State));
            values.Add(Text(row.Status.Seconds));
            values.AddRange(metrics.Select(m => Text(row.Metrics.FirstOrDefault(x => x.Key == m).Value)));
            values.Add(row.Status.State == CellState.Failed ? row.Status.Error ?? "" : "");
            text.AppendLine(string.Join(',', values.Select(Field)));
        }
        return text.ToString();
    }

    /// <summary>The JSON tree: the plan's command, counts per state, and the cells.</summary>
    public static JsonObject Json(SweepResults results)
    {
        var cells = new JsonArray();
        foreach (var row in results.Rows)
        {
            var metrics = new JsonObject();
            foreach (var (name, value) in row.Metrics) metrics[name] = Node(value);
            cells.Add(new JsonObject
            {
                ["index"] = row.Cell.Index,
                ["id"] = row.Cell.Id,
                ["parameters"] = new JsonObject(row.Cell.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
                ["status"] = Name(row.Status.State),
                ["seconds"] = Node(row.Status.Seconds),
                ["host"] = row.Status.Host,
                ["headline"] = Node(row.Headline),
                ["metrics"] = metrics,
                ["error"] = row.Status.State == CellState.Failed ? row.Status.Error : null,
            });
        }
        return new JsonObject
        {
            ["sweep"] = Path.GetFullPath(results.Folder.Path),
            ["command"] = results.Folder.Plan.Command.Name(),
            ["headline"] = results.HeadlineName,
            ["counts"] = new JsonObject
            {
                ["cells"] = results.Rows.Count, ["done"] = results.Count(CellState.Done), ["failed"] = results.Count(CellState.Failed),
                ["running"] = results.Count(CellState.Running), ["pending"] = results.Count(CellState.Pending),
            },
            ["cells"] = cells,
        };
    }

    /// <summary>A state's name in files: pending, running, done, failed.</summary>
    public static string Name(CellState state) => state.ToString().ToLowerInvariant();

    static JsonNode? Node(object? value) => value switch
    {
        null => null,
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        int i => JsonValue.Create(i),
        string s => JsonValue.Create(s),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    static string Text(object? value) => value switch
    {
        null => "",
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A CSV field: text a spreadsheet would run as a formula (starting with '=', '+', '-', '@', tab or carriage return, as a plan
    /// value or an error line may) gets a leading apostrophe, as OWASP advises, unless it is a plain number such as -0.25;
    /// then the field is quoted as RFC 4180 says when it holds a comma, a double quote or a line break.</summary>
    public static string Field(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !PlainNumber().IsMatch(text)) text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\z")]
    private static partial System.Text.RegularExpressions.Regex PlainNumber();
}
