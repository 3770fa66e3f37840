namespace DissimNet.Training;

/// <summary>Checks a loaded summary.json before anything trusts it: JSON null in a required field, epochs out of step, or a
/// checkpoint path that leaves checkpoints/ (a hand-edited or damaged file must not make the run read /etc/passwd).</summary>
static class TrainingSummaryCheck
{
    const string Hint = "; resume from an earlier epoch or start the run again";

    /// <summary>Throws <see cref="DissimNetException"/> naming <paramref name="path"/> and the first field that is wrong.</summary>
    public static void Validate(TrainingSummary s, string path)
    {
        // System.Text.Json writes an explicit JSON null over a property's default, even when the type says it cannot be null.
        Required(s.Architecture, "architecture", path);
        Required(s.TrainLayer, "train_layer", path);
        Required(s.ScoreMethod, "score_method", path);
        Required(s.Split, "split", path);
        Required(s.Split.Train, "split.train", path);
        Required(s.Split.Val, "split.val", path);
        Required(s.Split.Test, "split.test", path);
        Required(s.Data, "data", path);
        Required(s.Validation, "validation", path);
        Required(s.FrozenParameters, "frozen_parameters", path);
        Required(s.Baseline, "baseline", path);
        Required(s.Epochs, "epochs", path);
        Required(s.Final, "final", path);
        for (int i = 0; i < s.Epochs.Count; i++)
        {
            Required(s.Epochs[i], $"epochs[{i}]", path);
            Required(s.Epochs[i].Val, $"epochs[{i}].val", path);
            if (s.Epochs[i].Epoch != i + 1)
                throw Damaged(path, $"epochs[{i}] is epoch {s.Epochs[i].Epoch}, expected {i + 1} (epochs are numbered 1, 2, ... in order)");
        }
        if (s.Test is { } test)
        {
            Required(test.Baseline, "test.baseline", path);
            for (int i = 0; i < s.Epochs.Count; i++) Required(s.Epochs[i].Test, $"epochs[{i}].test", path);
            foreach (var (cell, field) in new[] { (test.Selected, "test.selected"), (test.Pretrained, "test.pretrained"), (test.BestTestCellOptimistic, "test.best_test_cell_optimistic") })
                if (cell is not null && (cell.Layer is null || cell.Epoch < 0 || cell.Epoch > s.Epochs.Count))
                    throw Damaged(path, $"{field} names epoch {cell.Epoch}{(cell.Layer is null ? " and no layer" : "")}, but the run has epochs 0 to {s.Epochs.Count}");
        }
        if (s.Best is { } best && (best.Layer is null || best.Epoch < 0 || best.Epoch > s.Epochs.Count))
            throw Damaged(path, $"best names epoch {best.Epoch}{(best.Layer is null ? " and no layer" : "")}, but the run has epochs 0 to {s.Epochs.Count}");
        // The candidate layers are the ones the baseline scored; a best (or test-selected) layer outside them was never scored.
        CandidateLayer(s.Best?.Layer, "best.layer", s, path);
        CandidateLayer(s.Test?.Selected?.Layer, "test.selected.layer", s, path);
        CandidateLayer(s.Test?.Pretrained?.Layer, "test.pretrained.layer", s, path);
        if (s.Checkpoint is { } checkpoint)
        {
            if (checkpoint.Epoch != s.Epochs.Count)
                throw Damaged(path, $"the checkpoint is of epoch {checkpoint.Epoch}, but the last finished epoch is {s.Epochs.Count}");
            InsideCheckpoints(checkpoint.Weights, "checkpoint.weights", path);
            InsideCheckpoints(checkpoint.Optimizer, "checkpoint.optimizer", path);
        }
    }

    static void CandidateLayer(string? layer, string field, TrainingSummary s, string path)
    {
        if (layer is null || s.Baseline.Count == 0 || s.Baseline.ContainsKey(layer)) return;
        var candidates = string.Join(", ", s.Baseline.Keys.Take(8)) + (s.Baseline.Count > 8 ? ", ..." : "");
        throw Damaged(path, $"{field} '{layer}' is not among the run's candidate layers ({candidates})");
    }

    /// <summary>Accepts only "checkpoints/NAME" with NAME a plain file name: no folder, no "..", no root.</summary>
    static void InsideCheckpoints(string? relative, string field, string path)
    {
        Required(relative, field, path);
        var prefix = RunFolder.CheckpointsFolder + "/";
        var name = relative!.StartsWith(prefix, StringComparison.Ordinal) ? relative[prefix.Length..] : null;
        if (name is null || name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\', ':', '\0']) >= 0)
            throw new DissimNetException($"{path}: {field} '{relative}' is not a file inside {RunFolder.CheckpointsFolder}/; refused");
    }

    static void Required(object? value, string field, string path)
    {
        if (value is null) throw Damaged(path, $"{field} is null");
    }

    static DissimNetException Damaged(string path, string what) => new($"{path}: damaged training summary: {what}{Hint}");
}
