namespace DissimNet.Reports;

/// <summary>One finished training epoch: mean training loss and the held-out score of each scored layer.</summary>
internal sealed record EpochScores(int Epoch, double TrainLoss, IReadOnlyDictionary<string, double> HeldOut, double Seconds);

/// <summary>The (layer, epoch) with the best held-out score; epoch 0 is the network before training.</summary>
internal sealed record BestCell(string Layer, int Epoch, double Score);

/// <summary>RDMs of the held-out images for the report's heatmaps and MDS, all over the same images in the same order.</summary>
/// <param name="Target">The target (brain) RDM, mean over subjects.</param>
/// <param name="Baseline">The pretrained network at its best layer.</param>
/// <param name="Trained">The trained network at the selected (best) layer and epoch.</param>
/// <param name="Categories">One category per held-out image, or null.</param>
internal sealed record HeldOutRdms(double[,]? Target, double[,]? Baseline, double[,]? Trained, IReadOnlyList<string>? Categories);

/// <summary>The test images' result: the cell chosen on validation scored on test images no choice has seen.</summary>
/// <param name="Images">Number of test images.</param>
/// <param name="Selection">How the layer and epoch were chosen, in words.</param>
/// <param name="Selected">The trained network at the cell chosen on validation: (layer, epoch, validation score, test score).</param>
/// <param name="Pretrained">The pretrained network at the layer validation chose at epoch 0.</param>
/// <param name="Optimistic">The best test cell over all layers and epochs (chosen on the test images, so optimistic).</param>
/// <param name="NoiseCeiling">Noise ceiling of the test target.</param>
/// <param name="Curve">Test score of the selected layer per epoch, epoch 0 first (shown, never chosen on).</param>
internal sealed record TestResult(int Images, string Selection, Training.CellRecord? Selected, Training.CellRecord? Pretrained,
    Training.CellRecord? Optimistic, (double Lower, double Upper)? NoiseCeiling, IReadOnlyList<double> Curve);

/// <summary>Everything a training report shows, independent of where it came from (a run folder, or a command that just trained).</summary>
internal sealed record RunReportData
{
    /// <summary>Heading of the report.</summary>
    public string Title { get; init; } = "DissimNet training report";

    /// <summary>Where the numbers came from (a run folder), shown under the title.</summary>
    public string? Source { get; init; }

    /// <summary>Network architecture, if known.</summary>
    public string? Architecture { get; init; }

    /// <summary>The layer whose output was trained to match the target.</summary>
    public string? TrainLayer { get; init; }

    /// <summary>Candidate layers in forward order.</summary>
    public IReadOnlyList<string> Layers { get; init; } = [];

    /// <summary>Indices of the training images.</summary>
    public IReadOnlyList<int> TrainImages { get; init; } = [];

    /// <summary>Indices of the held-out (validation) images.</summary>
    public IReadOnlyList<int> HeldOutImages { get; init; } = [];

    /// <summary>Held-out score per layer before training.</summary>
    public IReadOnlyDictionary<string, double> Baseline { get; init; } = new Dictionary<string, double>();

    /// <summary>Held-out score per layer after the last epoch.</summary>
    public IReadOnlyDictionary<string, double> Final { get; init; } = new Dictionary<string, double>();

    /// <summary>Finished epochs in order.</summary>
    public IReadOnlyList<EpochScores> Epochs { get; init; } = [];

    /// <summary>The test images' result, when the run had test images (then it is the headline).</summary>
    public TestResult? Test { get; init; }

    /// <summary>The selected (best) layer and epoch.</summary>
    public BestCell? Best { get; init; }

    /// <summary>Lower and upper noise ceiling of the held-out target.</summary>
    public (double Lower, double Upper)? NoiseCeiling { get; init; }

    /// <summary>How held-out scores were computed (e.g. "mean Spearman over subjects").</summary>
    public string? ScoreMethod { get; init; }

    /// <summary>The exact command line that produced the run.</summary>
    public string? Command { get; init; }

    /// <summary>Settings of the run as name/value pairs, in the order they were recorded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];

    /// <summary>RDMs of the held-out images, when the run saved them.</summary>
    public HeldOutRdms? Rdms { get; init; }

    /// <summary>The network's layer profile before training on every image of the set, when the run folder holds one (profile.json).</summary>
    public FullSetProfile? FullSetProfile { get; init; }

    /// <summary>Problems met while reading the run (missing optional files), shown in the report.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The layer whose baseline score is highest (the pretrained network's best layer), or null.</summary>
    public string? BestBaselineLayer => Baseline.Where(p => double.IsFinite(p.Value)).OrderByDescending(p => p.Value).Select(p => p.Key).FirstOrDefault();

    /// <summary>The held-out score of a layer at an epoch (0 = baseline), NaN when not recorded.</summary>
    public double ScoreAt(string layer, int epoch)
    {
        if (epoch == 0) return Baseline.TryGetValue(layer, out var b) ? b : double.NaN;
        var record = Epochs.FirstOrDefault(e => e.Epoch == epoch);
        return record is not null && record.HeldOut.TryGetValue(layer, out var s) ? s : double.NaN;
    }
}
