namespace DissimNet.Training;

/// <summary>Reads the test results off a summary's scores: the cell chosen on validation, the pretrained network's, and the (optimistic) best test cell.</summary>
/// <remarks>Only validation scores choose; test scores are looked up at the chosen cells afterwards, so they are unbiased estimates.</remarks>
internal static class TestScores
{
    /// <summary>How selection works, as written into summary.json and shown in the report.</summary>
    public const string SelectionText = "layer and epoch chosen on the validation images only (highest validation score; ties keep the earlier); "
        + "the test images never took part in any choice";

    /// <summary>Fills <see cref="TestRecord.Selected"/>, <see cref="TestRecord.Pretrained"/> and <see cref="TestRecord.BestTestCellOptimistic"/>
    /// from the scores recorded so far; does nothing when the run has no test images.</summary>
    public static void Update(TrainingSummary summary)
    {
        if (summary.Test is not { } test) return;
        test.Selected = summary.Best is { } best ? Cell(summary, best.Layer, best.Epoch) : null;
        test.Pretrained = LayerScores.Top(summary.Baseline) is { } top ? Cell(summary, top.Layer, 0) : null;
        CellRecord? optimistic = null;
        for (int epoch = 0; epoch <= summary.Epochs.Count; epoch++)
            if (LayerScores.Top(TestOf(summary, epoch)) is { } cell && (optimistic is null || cell.Score > optimistic.Test))
                optimistic = Cell(summary, cell.Layer, epoch);
        test.BestTestCellOptimistic = optimistic;
    }

    /// <summary>The test scores per layer after <paramref name="epoch"/> (0: before training); empty when not recorded.</summary>
    public static IReadOnlyDictionary<string, double> TestOf(TrainingSummary summary, int epoch) =>
        (epoch == 0 ? summary.Test?.Baseline : summary.Epochs[epoch - 1].Test) ?? [];

    /// <summary>The validation scores per layer after <paramref name="epoch"/> (0: before training).</summary>
    public static IReadOnlyDictionary<string, double> ValOf(TrainingSummary summary, int epoch) =>
        epoch == 0 ? summary.Baseline : summary.Epochs[epoch - 1].Val;

    static CellRecord Cell(TrainingSummary summary, string layer, int epoch) =>
        new(layer, epoch, ValOf(summary, epoch).GetValueOrDefault(layer, double.NaN), TestOf(summary, epoch).GetValueOrDefault(layer, double.NaN));
}
