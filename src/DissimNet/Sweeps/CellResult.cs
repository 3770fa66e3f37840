namespace DissimNet.Sweeps;

/// <summary>One row of a sweep's results: a cell, its values, its status and the numbers its output holds.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Status">Its last status.</param>
/// <param name="Metrics">Numbers and texts read from its output (score, layer, epoch, noise ceiling...), in a fixed order per command.</param>
/// <param name="Headline">The number cells are ranked by: the test score when the run has one, else the selection score (see <see cref="SweepResults.HeadlineName"/>).</param>
internal sealed record CellResult(SweepCell Cell, CellStatus Status, IReadOnlyList<KeyValuePair<string, object?>> Metrics, double? Headline);

/// <summary>Every cell's result.</summary>
/// <param name="Folder">The sweep folder.</param>
/// <param name="Rows">One row per cell, in grid order.</param>
/// <param name="HeadlineName">What the headline number is, for tables and plots.</param>
internal sealed record SweepResults(SweepFolder Folder, IReadOnlyList<CellResult> Rows, string HeadlineName)
{
    /// <summary>Number of cells in a state.</summary>
    public int Count(CellState state) => Rows.Count(r => r.Status.State == state);

    /// <summary>Metric names over all rows, in first-seen order.</summary>
    public IReadOnlyList<string> MetricNames => Rows.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().ToList();
}
