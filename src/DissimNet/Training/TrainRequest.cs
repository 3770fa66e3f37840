namespace DissimNet.Training;

/// <summary>What the user asked of a training run: every choice is optional (null: not given), so a preset, the
/// network's defaults and <see cref="TrainingSettings"/>' defaults can fill it in that order (see <see cref="TrainRequestResolver"/>).</summary>
public sealed record TrainRequest
{
    /// <summary>A published setup to start from (<see cref="TrainingPresets"/>).</summary>
    public string? Preset { get; init; }

    /// <summary>Network architecture (<c>NetworkZoo.Architectures</c>); default: the preset's, else the embedded ResNet-18.</summary>
    public string? Model { get; init; }

    /// <summary>Weights file, or null for the architecture's own (embedded or random).</summary>
    public string? Weights { get; init; }

    /// <summary>Square input side in pixels; default: the preset's, else 224.</summary>
    public int? InputSize { get; init; }

    /// <summary>Layer whose features give the predicted dissimilarity.</summary>
    public string? TrainLayer { get; init; }

    /// <summary>Layers scored on the validation images; null: every layer.</summary>
    public IReadOnlyList<string>? CandidateLayers { get; init; }

    /// <summary>none, from:LAYER or upto:LAYER.</summary>
    public string? Freeze { get; init; }

    /// <summary>Target preparation; default: the preset's, else z-score (MEG-style for subjects x time targets).</summary>
    public TargetTransform? Transform { get; init; }

    /// <summary>The loss over a batch's pairs.</summary>
    public DissimilarityLoss? Loss { get; init; }

    /// <summary>Batches of images or of pairs.</summary>
    public Pairing? Pairing { get; init; }

    /// <summary>Images (or pairs) per batch.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Random batches per epoch instead of every pair; null: every pair.</summary>
    public int? BatchesPerEpoch { get; init; }

    /// <summary>SGD learning rate.</summary>
    public double? LearningRate { get; init; }

    /// <summary>SGD momentum.</summary>
    public double? Momentum { get; init; }

    /// <summary>SGD weight decay.</summary>
    public double? WeightDecay { get; init; }

    /// <summary>Number of epochs.</summary>
    public int? Epochs { get; init; }

    /// <summary>Seed of initialisation, split and shuffles.</summary>
    public int? Seed { get; init; }

    /// <summary>Checkpoints kept.</summary>
    public CheckpointKeep? Keep { get; init; }

    /// <summary>Precision of the stored trained parameters.</summary>
    public CheckpointPrecision? CheckpointPrecision { get; init; }

    /// <summary>Cache the activations of a frozen prefix.</summary>
    public bool? CacheFrozenPrefix { get; init; }

    /// <summary>The command line, recorded in the run folder.</summary>
    public string? Command { get; init; }

    /// <summary>Algonauts 2019 track (fmri, meg) for the Algonauts layout; default: the preset's.</summary>
    public string? Track { get; init; }

    /// <summary>Algonauts 2019 region (EVC, IT, early, late); default: the preset's.</summary>
    public string? Region { get; init; }

    /// <summary>Where to run: cpu, cuda, cuda:N or auto (<c>Networks.Runtime.ComputeDevice</c>); a runtime choice, not a
    /// training setting, so a run may resume on another device. Null: the CPU.</summary>
    public string? Device { get; init; }

    /// <summary>A read-out over layers scored as one more candidate; null: none.</summary>
    public ReadoutMethod? Readout { get; init; }
    /// <summary>Random views of training images; default none.</summary>
    public Augmentation? Augment { get; init; }

    /// <summary>Views cached per training image when a frozen prefix is cached; default 8.</summary>
    public int? AugmentViews { get; init; }

    /// <summary>Test-time augmentation of held-out images; default none.</summary>
    public TestTimeAugmentation? TestTimeAugmentation { get; init; }
    /// <summary>sgd, adam or adamw.</summary>
    public OptimizerKind? Optimizer { get; init; }

    /// <summary>constant or cosine.</summary>
    public LearningRateSchedule? LrSchedule { get; init; }

    /// <summary>L2-SP strength (0: off).</summary>
    public double? L2Sp { get; init; }

    /// <summary>Early-stopping patience in epochs; null: never stop early.</summary>
    public int? Patience { get; init; }

    /// <summary>A named set of training choices filling what is left open (<see cref="TrainingRecipes"/>); default: algonauts2019
    /// with a preset, else default.</summary>
    public string? Recipe { get; init; }
}
