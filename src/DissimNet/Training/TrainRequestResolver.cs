namespace DissimNet.Training;

/// <summary>A request with every choice made: the settings the trainer runs with, and the network and data choices around them.</summary>
/// <param name="Settings">The trainer's settings (also recorded in summary.json).</param>
/// <param name="Network">Architecture, weights file and input side.</param>
/// <param name="Transform">Target preparation, or null to choose by the target's shape (MEG-style for subjects x time).</param>
/// <param name="Track">Algonauts track, when given or set by the preset.</param>
/// <param name="Region">Algonauts region, when given or set by the preset.</param>
/// <param name="Preset">The preset the request started from, if any.</param>
public sealed record ResolvedTraining(TrainingSettings Settings, NetworkSource Network, TargetTransform? Transform,
    string? Track, string? Region, TrainingPreset? Preset);

/// <summary>Fills a <see cref="TrainRequest"/> in one order everywhere: what the user gave, then the preset, then the
/// architecture's defaults (<see cref="TrainingDefaults"/>), then <see cref="TrainingSettings"/>' own defaults.</summary>
public static class TrainRequestResolver
{
    /// <summary>The network used when neither the request nor a preset names one.</summary>
    public const string DefaultModel = "resnet18-imagenet";

    /// <summary>The input side used when neither the request nor a preset gives one.</summary>
    public const int DefaultInputSize = 224;

    /// <summary>Resolves the request; throws <see cref="DissimNetException"/> for a missing choice or missing preset weights.</summary>
    public static ResolvedTraining Resolve(TrainRequest request)
    {
        var preset = request.Preset is { } name ? TrainingPresets.Get(name) : null;
        // The recipe comes first among the fallbacks: what it chooses (loss, batches, optimiser...) stands above the preset's.
        request = TrainingRecipes.Apply(request);
        preset?.RequireWeights(request.Weights);
        string model = request.Model ?? preset?.Architecture ?? DefaultModel;
        var defaults = TrainingDefaults.For(model);
        var fallback = TrainingSettings.Defaults;
        string trainLayer = request.TrainLayer ?? preset?.TrainLayer ?? defaults?.TrainLayer
            ?? throw new SettingException($"{model} has no default train layer: name the layer to train (`dissimnet layers` lists them)", "TrainLayer");
        var network = new NetworkSource(model, request.Weights is null ? null : Path.GetFullPath(request.Weights),
            request.InputSize ?? preset?.InputSize ?? DefaultInputSize);
        var settings = new TrainingSettings
        {
            TrainLayer = trainLayer,
            CandidateLayers = request.CandidateLayers,
            Freeze = request.Freeze ?? preset?.Freeze ?? defaults?.Freeze ?? fallback.Freeze,
            Loss = request.Loss ?? fallback.Loss,
            Pairing = request.Pairing ?? fallback.Pairing,
            BatchSize = request.BatchSize ?? preset?.BatchSize ?? fallback.BatchSize,
            BatchesPerEpoch = request.BatchesPerEpoch,
            LearningRate = request.LearningRate ?? preset?.LearningRate ?? fallback.LearningRate,
            Momentum = request.Momentum ?? fallback.Momentum,
            WeightDecay = request.WeightDecay ?? fallback.WeightDecay,
            Epochs = request.Epochs ?? fallback.Epochs,
            Seed = request.Seed ?? fallback.Seed,
            Keep = request.Keep ?? fallback.Keep,
            CheckpointPrecision = request.CheckpointPrecision ?? fallback.CheckpointPrecision,
            CacheFrozenPrefix = request.CacheFrozenPrefix ?? fallback.CacheFrozenPrefix,
            Network = network,
            Command = request.Command,
            Recipe = request.Recipe,
            Readout = request.Readout ?? fallback.Readout,
            Augment = request.Augment ?? fallback.Augment,
            AugmentViews = request.AugmentViews ?? fallback.AugmentViews,
            TestTimeAugmentation = request.TestTimeAugmentation ?? fallback.TestTimeAugmentation,
            Optimizer = request.Optimizer ?? fallback.Optimizer,
            LrSchedule = request.LrSchedule ?? fallback.LrSchedule,
            L2Sp = request.L2Sp ?? fallback.L2Sp,
            Patience = request.Patience ?? fallback.Patience,
        };
        settings.Validate(); // before any data is loaded
        return new ResolvedTraining(settings, network, request.Transform ?? preset?.Transform,
            request.Track ?? preset?.Track, request.Region ?? preset?.Region, preset);
    }
}
