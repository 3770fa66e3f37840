namespace DissimNet.Cli;

/// <summary>The command-line option of each library setting, so errors about settings can say what to type.</summary>
static class SettingFlags
{
    static readonly Dictionary<string, string> Flags = new()
    {
        ["Preset"] = "--preset", ["Recipe"] = "--recipe", ["Model"] = "--model", ["Weights"] = "--weights", ["InputSize"] = "--size",
        ["TrainLayer"] = "--train-layer", ["CandidateLayers"] = "--layers", ["Freeze"] = "--freeze", ["Transform"] = "--transform",
        ["Loss"] = "--loss", ["Pairing"] = "--pairing", ["BatchSize"] = "--batch", ["BatchesPerEpoch"] = "--batches-per-epoch", ["LearningRate"] = "--lr",
        ["Momentum"] = "--momentum", ["WeightDecay"] = "--weight-decay", ["Epochs"] = "--epochs", ["Seed"] = "--seed",
        ["Keep"] = "--keep", ["CheckpointPrecision"] = "--checkpoint-dtype", ["Track"] = "--track", ["Region"] = "--region", ["Algonauts"] = "--algonauts",
        ["Images"] = "--images", ["Targets"] = "--target", ["ValidationImages"] = "--val-images",
        ["ValidationTarget"] = "--val-target", ["HoldoutFraction"] = "--holdout-fraction", ["HoldoutSet"] = "--holdout-set",
        ["TestFraction"] = "--test-fraction", ["TestImages"] = "--test-images", ["TestTarget"] = "--test-target",
        ["Categories"] = "--categories", ["Resume"] = "--resume", ["Out"] = "--out", ["AlgonautsTrack"] = "--algonauts",
        ["Method"] = "--metric", ["NoiseCeilingPooling"] = "--nc-pooling",
        ["Models"] = "--model", ["Test"] = "--test", ["Correction"] = "--correction", ["BootstrapUnits"] = "--bootstrap-over", ["Alpha"] = "--alpha",
        ["Device"] = "--device",
        ["BootstrapResamples"] = "--bootstrap", ["Folds"] = "--folds", ["Repeats"] = "--repeats", ["Fold"] = "--fold",
        ["Threads"] = "--threads",
        ["Condensed"] = "--condensed",
        ["Ensemble"] = "--ensemble", ["Jobs"] = "--jobs", ["Format"] = "--format", ["Layer"] = "--layer",
        ["Readout"] = "--readout",
        ["Augment"] = "--augment", ["AugmentViews"] = "--augment-views", ["TestTimeAugmentation"] = "--tta",
        ["Optimizer"] = "--optimizer", ["LrSchedule"] = "--lr-schedule", ["L2Sp"] = "--l2sp", ["Patience"] = "--patience",
    };

    /// <summary>The message with the options of its settings appended, e.g. "... (--lr)".</summary>
    public static string Describe(SettingException e)
    {
        var flags = e.Settings.Select(s => Flags.GetValueOrDefault(s)).OfType<string>().Distinct().ToList();
        return flags.Count == 0 ? e.Message : $"{e.Message} ({string.Join(", ", flags)})";
    }
}
