using DissimNet.Training;
using Spectre.Console;

namespace DissimNet.Cli.Output;

/// <summary>The held-out scores after an epoch, per layer: before training, now, and the best so far; progress, so on stderr
/// (silenced by --quiet), while stdout keeps the results.</summary>
internal static class ValidationTable
{
    const int MaxRows = 10;

    /// <summary>Prints the table for the latest epoch of <paramref name="summary"/> (the baseline when no epoch has run) on
    /// <paramref name="console"/>'s stderr, unless --quiet.</summary>
    public static void Write(CliConsole console, TrainingSummary summary, Networks.ITappableNetwork network)
    {
        var latest = summary.Epochs.Count > 0 ? summary.Epochs[^1].Val : summary.Baseline;
        // Many candidate layers: show the trained layer, the selected one and the best of this epoch.
        var shown = latest.Count <= MaxRows ? latest.Keys.ToHashSet()
            : latest.OrderByDescending(kv => kv.Value).Take(MaxRows - 2).Select(kv => kv.Key)
                .Append(summary.TrainLayer).Append(summary.Best?.Layer ?? summary.TrainLayer).ToHashSet();
        // Keys are the layer names as requested (aliases or canonical): order them by the layer they resolve to.
        var position = network.Layers.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        // The read-out is no layer of the network: it comes after them all.
        var ordered = shown.OrderBy(layer => layer == LayerReadout.Name ? int.MaxValue : position[network.Resolve(layer)]).ToList();
        var epoch = summary.Epochs.Count;
        var table = new Table().Border(TableBorder.Simple)
            .Title(epoch == 0 ? "held-out score before training" : $"held-out score after epoch {epoch} (train loss {summary.Epochs[^1].TrainLoss:F4})")
            .AddColumn("layer").AddColumn(new TableColumn("before").RightAligned()).AddColumn(new TableColumn("now").RightAligned()).AddColumn("");
        foreach (var layer in ordered)
        {
            string mark = (layer == summary.TrainLayer ? "trained " : "") + (summary.Best?.Layer == layer ? $"best (epoch {summary.Best.Epoch})" : "");
            table.AddRow(Markup.Escape(layer == LayerReadout.Name ? layer : Networks.LayerLabels.Label(network, layer)), Score(summary.Baseline, layer), Score(latest, layer), mark);
        }
        if (latest.Count > ordered.Count) table.Caption($"{ordered.Count} of {latest.Count} layers shown");
        if (console.Verbosity == Verbosity.Quiet) return;
        console.Progress().Write(table);
    }

    static string Score(IReadOnlyDictionary<string, double> scores, string layer) =>
        scores.TryGetValue(layer, out var value) ? value.ToString("F4") : "";
}
