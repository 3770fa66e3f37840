namespace DissimNet.Training;

/// <summary>Which checkpoints stay in the output folder after each epoch.</summary>
public enum CheckpointKeep
{
    /// <summary>The best (layer, epoch) so far, plus the last epoch (needed to resume).</summary>
    Best,

    /// <summary>Only the last epoch.</summary>
    Last,

    /// <summary>Every epoch, plus the best.</summary>
    All,
}

/// <summary>Everything that decides a training run's numbers, stored in summary.json so the run can be repeated or resumed.</summary>
public sealed record TrainingSettings
{
    /// <summary>The default of every setting (its train layer is empty: there is no default layer for all networks).</summary>
    public static TrainingSettings Defaults { get; } = new() { TrainLayer = "" };

    /// <summary>Layer whose flattened output gives the predicted dissimilarity (name or alias).</summary>
    public required string TrainLayer { get; init; }

    /// <summary>Layers scored on the validation images after every epoch; null means every layer of the network.</summary>
    public IReadOnlyList<string>? CandidateLayers { get; init; }

    /// <summary>The loss over a batch's pairs.</summary>
    public DissimilarityLoss Loss { get; init; } = DissimilarityLosses.Default;

    /// <summary>Batches of images (all pairs among them) or batches of pairs.</summary>
    public Pairing Pairing { get; init; } = Pairing.Images;

    /// <summary>Images per batch (<see cref="Pairing.Images"/>) or pairs per batch (<see cref="Pairing.Pairs"/>).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>SGD learning rate.</summary>
    public double LearningRate { get; init; } = 0.005;

    /// <summary>SGD momentum (0: plain SGD).</summary>
    public double Momentum { get; init; }

    /// <summary>SGD weight decay (L2 penalty).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Random batches per epoch instead of batches covering every pair (for large sets); null: every pair (see <see cref="EpochSchedule"/>).</summary>
    public int? BatchesPerEpoch { get; init; }

    /// <summary>Number of epochs; see <see cref="EpochSchedule"/> for what one epoch covers.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Seeds torch and every shuffle.</summary>
    public int Seed { get; init; }

    /// <summary>none, from:LAYER or upto:LAYER (see <see cref="FreezeSpec"/>).</summary>
    public string Freeze { get; init; } = "none";

    /// <summary>Which checkpoints to keep; best by default, since every epoch of a 30-epoch run takes about 1.6 GB.</summary>
    public CheckpointKeep Keep { get; init; } = CheckpointKeep.Best;

    /// <summary>How trained parameters are stored after epoch 0: float16 halves the files at the cost of exact resumes.</summary>
    public CheckpointPrecision CheckpointPrecision { get; init; } = CheckpointPrecision.Float32;

    /// <summary>Compute a frozen prefix's activations once instead of in every batch (same numbers, faster).</summary>
    public bool CacheFrozenPrefix { get; init; } = true;

    /// <summary>Where the network came from (architecture, weights file, input size), so the run can be repeated; not used by the trainer.</summary>
    public NetworkSource? Network { get; init; }

    /// <summary>The command line that started the run (for the report); not used by the trainer, and free to differ when resuming.</summary>
    public string? Command { get; init; }

    /// <summary>The recipe the settings were filled from (for the report); not used by the trainer, and free to differ when resuming.</summary>
    public string? Recipe { get; init; }

    /// <summary>Images per forward pass when scoring validation images and filling the prefix cache.</summary>
    public int InferenceBatchSize { get; init; } = 16;

    /// <summary>A read-out over the candidate layers scored as one more candidate named <see cref="LayerReadout.Name"/>; none by default.</summary>
    public ReadoutMethod Readout { get; init; } = ReadoutMethod.None;
    /// <summary>Random views of training images (none: the images as preprocessed); see <see cref="AugmentedViews"/>.</summary>
    public Augmentation Augment { get; init; } = Augmentation.None;

    /// <summary>Random views drawn once per training image when a frozen prefix is cached (their activations are cached instead of the image's).</summary>
    public int AugmentViews { get; init; } = 8;

    /// <summary>How validation and test images (and <c>predict</c> of the run) are read: as they are, or averaged with their mirror image.</summary>
    public TestTimeAugmentation TestTimeAugmentation { get; init; } = TestTimeAugmentation.None;
    /// <summary>The optimizer: SGD (with <see cref="Momentum"/>), Adam or AdamW; <see cref="WeightDecay"/> is SGD's and Adam's
    /// L2 term or AdamW's decoupled decay.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>How the learning rate changes over the epochs (see <see cref="LearningRateSchedules"/>).</summary>
    public LearningRateSchedule LrSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>L2-SP strength lambda: the loss gains (lambda/2) sum ||w - w0||² with w0 the weights at epoch 0 (see <see cref="L2SpPenalty"/>); 0: off.</summary>
    public double L2Sp { get; init; }

    /// <summary>Stop when the best validation score has not improved for this many consecutive epochs (see <see cref="EarlyStopping"/>); null: never.</summary>
    public int? Patience { get; init; }

    /// <summary>Checks ranges; throws <see cref="SettingException"/> naming the setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TrainLayer)) throw new SettingException("a train layer is required", nameof(TrainLayer));
        if (!(LearningRate > 0 && double.IsFinite(LearningRate))) throw new SettingException($"the learning rate must be positive and finite, got {LearningRate}", nameof(LearningRate));
        if (!(Momentum >= 0 && Momentum < 1)) throw new SettingException($"the momentum must be in [0, 1), got {Momentum}", nameof(Momentum));
        if (!(WeightDecay >= 0 && double.IsFinite(WeightDecay))) throw new SettingException($"the weight decay must be >= 0 and finite, got {WeightDecay}", nameof(WeightDecay));
        if (BatchesPerEpoch is < 1) throw new SettingException($"the number of batches per epoch must be >= 1, got {BatchesPerEpoch}", nameof(BatchesPerEpoch));
        if (Epochs < 0) throw new SettingException($"the number of epochs must be >= 0, got {Epochs}", nameof(Epochs));
        if (InferenceBatchSize < 1) throw new SettingException($"the inference batch size must be >= 1, got {InferenceBatchSize}", nameof(InferenceBatchSize));
        if (BatchSize < (Pairing == Pairing.Images ? 2 : 1))
            throw new SettingException($"a batch of {BatchSize} is too small for {Pairing.ToString().ToLowerInvariant()} pairing", nameof(BatchSize), nameof(Pairing));
        FreezeSpec.Parse(Freeze);
        if (!Enum.IsDefined(Readout)) throw new SettingException($"unknown read-out {Readout}, expected none or nnls", nameof(Readout));
        if (Readout != ReadoutMethod.None && CandidateLayers?.Any(l => l.Trim() == LayerReadout.Name) == true)
            throw new SettingException($"a candidate layer is named '{LayerReadout.Name}', the name of the read-out's scores; rename it or use no read-out",
                nameof(CandidateLayers), nameof(Readout));
        if (!Enum.IsDefined(Augment)) throw new SettingException($"unknown augmentation {(int)Augment}: expected {string.Join(", ", Augmentations.Names)}", nameof(Augment));
        if (AugmentViews < 1) throw new SettingException($"the number of augmented views must be >= 1, got {AugmentViews}", nameof(AugmentViews));
        if (!Enum.IsDefined(TestTimeAugmentation)) throw new SettingException($"unknown test-time augmentation {(int)TestTimeAugmentation}: expected none or flip", nameof(TestTimeAugmentation));
        if (!Enum.IsDefined(Optimizer)) throw new SettingException($"unknown optimizer {Optimizer}; expected sgd, adam or adamw", nameof(Optimizer));
        if (Optimizer != OptimizerKind.Sgd && Momentum != 0)
            throw new SettingException($"momentum {Momentum} applies to sgd only; {TrainingOptimizers.Name(Optimizer)} keeps its own moment estimates", nameof(Momentum), nameof(Optimizer));
        if (!Enum.IsDefined(LrSchedule)) throw new SettingException($"unknown learning-rate schedule {LrSchedule}; expected constant or cosine", nameof(LrSchedule));
        if (!(L2Sp >= 0 && double.IsFinite(L2Sp))) throw new SettingException($"the L2-SP strength must be >= 0 and finite, got {L2Sp}", nameof(L2Sp));
        if (Patience is < 1) throw new SettingException($"the patience must be >= 1 epoch, got {Patience}", nameof(Patience));
    }
}

/// <summary>The network a run started from: architecture, weights file (null: random initialisation) and square input side.</summary>
public sealed record NetworkSource(string Model, string? Weights, int InputSize);
