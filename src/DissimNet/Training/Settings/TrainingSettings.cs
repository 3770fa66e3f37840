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
/// <remarks>Each training setting is declared here once: its property gives its type and default, its <see cref="SettingAttribute"/>
/// its name, help and range. The command line, sweep plans, recipes, presets, resume checks and help all read these declarations
/// (<see cref="SettingDeclaration"/>). Adding a setting: declare it here, and use it in the trainer.</remarks>
public sealed record TrainingSettings
{
    /// <summary>The default of every setting (its train layer is empty: there is no default layer for all networks).</summary>
    public static TrainingSettings Defaults { get; } = new() { TrainLayer = "" };

    /// <summary>Layer whose flattened output gives the predicted dissimilarity (name or alias).</summary>
    [Setting("train-layer", "Layer whose features give the predicted dissimilarity", Aliases = ["layer"])]
    public required string TrainLayer { get; init; }

    /// <summary>Layers scored on the validation images after every epoch; null means every layer of the network.</summary>
    [Setting("layers", "Layers scored on the validation images: all, or comma-separated names", Aliases = ["candidate-layers"])]
    public IReadOnlyList<string>? CandidateLayers { get; init; }

    /// <summary>The loss over a batch's pairs.</summary>
    /// <remarks>Correlation by default, chosen on validation scores by the ablation in docs/training.md (4 cross-validation folds
    /// of the embedded 92 images, Adam at 0.0003): squared error scored 0.039 lower, the soft Spearman loss 0.005 higher (within
    /// the noise the ablation ignores). z-scored fMRI targets are centred on 0 while 1 - r lives in [0, 2], so squared error
    /// spends its effort on scale and offset; the correlation loss needs only the order and spacing of the dissimilarities.</remarks>
    [Setting("loss", "mse (squared error), correlation (1 - Pearson r over a batch's pairs) or spearman (1 - Pearson r of soft ranks of the predictions and ranks of the targets)")]
    public DissimilarityLoss Loss { get; init; } = DissimilarityLoss.Correlation;

    /// <summary>Batches of images (all pairs among them) or batches of pairs.</summary>
    [Setting("pairing", "images (a batch is k images and all their pairs) or pairs (a batch is B pairs)")]
    public Pairing Pairing { get; init; } = Pairing.Images;

    /// <summary>Images per batch (<see cref="Pairing.Images"/>) or pairs per batch (<see cref="Pairing.Pairs"/>).</summary>
    [Setting("batch", "Images per batch (pairing images) or pairs per batch (pairing pairs)", Min = 1)]
    public int BatchSize { get; init; } = 32;

    /// <summary>The optimizer's base learning rate.</summary>
    [Setting("lr", "Learning rate of the optimiser", Min = 0, MinExclusive = true, MayChangeOnResume = true)]
    public double LearningRate { get; init; } = 0.005;

    /// <summary>SGD momentum (0: plain SGD).</summary>
    [Setting("momentum", "SGD momentum (sgd only)", Min = 0, Max = 1, MaxExclusive = true)]
    public double Momentum { get; init; }

    /// <summary>Weight decay: SGD's and Adam's L2 term, AdamW's decoupled decay.</summary>
    [Setting("weight-decay", "Weight decay: sgd's and adam's L2 term, adamw's decoupled decay", Min = 0)]
    public double WeightDecay { get; init; }

    /// <summary>Random batches per epoch instead of batches covering every pair (for large sets); null: every pair (see <see cref="EpochSchedule"/>).</summary>
    [Setting("batches-per-epoch", "Make an epoch this many random batches (random image groups or random pairs) instead of batches covering every pair; for large image sets, whose pairs grow as n^2", Min = 1, NullMeans = "batches covering every pair")]
    public int? BatchesPerEpoch { get; init; }

    /// <summary>Number of epochs; see <see cref="EpochSchedule"/> for what one epoch covers.</summary>
    [Setting("epochs", "Epochs (each covers every training pair at least once, unless batches-per-epoch is given)", Min = 0, MayChangeOnResume = true)]
    public int Epochs { get; init; } = 10;

    /// <summary>Seeds torch and every shuffle.</summary>
    [Setting("seed", "Seed for initialisation, the holdout split and every shuffle")]
    public int Seed { get; init; }

    /// <summary>none, from:LAYER or upto:LAYER (see <see cref="FreezeSpec"/>).</summary>
    [Setting("freeze", "Layers kept fixed: none, from:LAYER (that layer and later) or upto:LAYER (up to and including it)")]
    public string Freeze { get; init; } = "none";

    /// <summary>Which checkpoints to keep; best by default, since every epoch of a 30-epoch run takes about 1.6 GB.</summary>
    [Setting("keep", "Checkpoints kept: all (every epoch), best (plus last, to resume) or last")]
    public CheckpointKeep Keep { get; init; } = CheckpointKeep.Best;

    /// <summary>How trained parameters are stored after epoch 0: float16 halves the files at the cost of exact resumes.</summary>
    [Setting("checkpoint-dtype", "How trained weights are stored after epoch 0: float32 (exact resumes) or float16 (half the size, about 3 significant digits)")]
    public CheckpointPrecision CheckpointPrecision { get; init; } = CheckpointPrecision.Float32;

    /// <summary>Compute a frozen prefix's activations once instead of in every batch (same numbers, faster).</summary>
    [Setting("prefix-cache", "Compute a frozen prefix's activations once instead of in every batch (same numbers, faster)")]
    public bool CacheFrozenPrefix { get; init; } = true;

    /// <summary>Where the network came from (architecture, weights file, input size), so the run can be repeated; not used by the trainer.</summary>
    public NetworkSource? Network { get; init; }

    /// <summary>The command line that started the run (for the report); not used by the trainer, and free to differ when resuming.</summary>
    public string? Command { get; init; }

    /// <summary>The recipe the settings were filled from (for the report); not used by the trainer, and free to differ when resuming.</summary>
    public string? Recipe { get; init; }

    /// <summary>Images per forward pass when scoring validation images and filling the prefix cache.</summary>
    [Setting("inference-batch", "Images per forward pass when scoring held-out images and filling the prefix cache (a memory bound)", Min = 1)]
    public int InferenceBatchSize { get; init; } = 16;

    /// <summary>A read-out over the candidate layers scored as one more candidate named <see cref="LayerReadout.Name"/>; none by default.</summary>
    [Setting("readout", "none or nnls: also score a read-out over the candidate layers, sum_l w_l RDM_l with w_l >= 0 fitted on the training images after every epoch (a candidate named readout)")]
    public ReadoutMethod Readout { get; init; } = ReadoutMethod.None;

    /// <summary>Random views of training images (none: the images as preprocessed); see <see cref="AugmentedViews"/>.</summary>
    [Setting("augment", "Random views of training images: none, flip, crop, crop-flip or crop-flip-color (crop: 70-100% of the area, resized back; flip: p = 1/2; color: +-10% contrast and brightness)")]
    public Augmentation Augment { get; init; } = Augmentation.None;

    /// <summary>Random views drawn once per training image when a frozen prefix is cached (their activations are cached instead of the image's).</summary>
    [Setting("augment-views", "With augment and a cached frozen prefix: random views drawn once per training image, whose prefix activations are cached (memory grows V-fold)", Min = 1)]
    public int AugmentViews { get; init; } = 8;

    /// <summary>How validation and test images (and <c>predict</c> of the run) are read: as they are, or averaged with their mirror image.</summary>
    [Setting("tta", "Test-time augmentation of validation and test images (and predict of the run): none or flip (features averaged with the mirror image's)")]
    public TestTimeAugmentation TestTimeAugmentation { get; init; } = TestTimeAugmentation.None;

    /// <summary>The optimizer: SGD (with <see cref="Momentum"/>), Adam or AdamW; <see cref="WeightDecay"/> is SGD's and Adam's
    /// L2 term or AdamW's decoupled decay.</summary>
    [Setting("optimizer", "sgd (with momentum), adam or adamw")]
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>How the learning rate changes over the epochs (see <see cref="LearningRateSchedules"/>).</summary>
    [Setting("lr-schedule", "constant, or cosine (epoch e of E trains at lr x (1 + cos(pi (e-1)/E)) / 2)")]
    public LearningRateSchedule LrSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>L2-SP strength lambda: the loss gains (lambda/2) sum ||w - w0||² with w0 the weights at epoch 0 (see <see cref="L2SpPenalty"/>); 0: off.</summary>
    [Setting("l2sp", "L2-SP strength lambda: adds (lambda/2) x sum ||w - w0||^2 over trained weights, w0 = the weights before training (0: off)", Min = 0)]
    public double L2Sp { get; init; }

    /// <summary>Stop when the best validation score has not improved for this many consecutive epochs (see <see cref="EarlyStopping"/>); null: never.</summary>
    [Setting("patience", "Stop early when the best validation score has not improved for this many epochs", Min = 1, NullMeans = "never stop early")]
    public int? Patience { get; init; }

    /// <summary>The largest total 2-norm of the trained parameters' gradients: a larger one is scaled down to it before the
    /// optimizer steps (PyTorch's <c>clip_grad_norm_</c>, over the loss's gradient and L2-SP's pull together); null: no clipping.</summary>
    [Setting("clip-grad-norm", "Scale the trained parameters' gradients down to this total 2-norm when larger, before each step (PyTorch's clip_grad_norm_)",
        Min = 0, MinExclusive = true, NullMeans = "no clipping")]
    public double? ClipGradNorm { get; init; }

    /// <summary>Checks every setting's range (from its declaration) and the rules between settings; throws <see cref="SettingException"/>
    /// naming the settings at fault. The resolver calls it once, before any data is read.</summary>
    public void Validate()
    {
        foreach (var setting in SettingDeclaration.All) setting.Check(setting.Get(this));
        if (string.IsNullOrWhiteSpace(TrainLayer)) throw new SettingException("a train layer is required", nameof(TrainLayer));
        if (BatchSize < (Pairing == Pairing.Images ? 2 : 1))
            throw new SettingException($"a batch of {BatchSize} is too small for {Pairing.ToString().ToLowerInvariant()} pairing", nameof(BatchSize), nameof(Pairing));
        FreezeSpec.Parse(Freeze);
        if (Readout != ReadoutMethod.None && CandidateLayers?.Any(l => l.Trim() == LayerReadout.Name) == true)
            throw new SettingException($"a candidate layer is named '{LayerReadout.Name}', the name of the read-out's scores; rename it or use no read-out",
                nameof(CandidateLayers), nameof(Readout));
        if (Optimizer != OptimizerKind.Sgd && Momentum != 0)
            throw new SettingException($"momentum {Momentum} applies to sgd only; {SettingDeclaration.ValueName(Optimizer)} keeps its own moment estimates", nameof(Momentum), nameof(Optimizer));
    }

    /// <summary>What differs from <paramref name="other"/> and may not change when a run resumes: settings by name, and "network"
    /// when the network started from differs. The command line and the recipe's name are records, free to differ.</summary>
    public IReadOnlyList<string> FixedDifferences(TrainingSettings other) =>
    [
        .. SettingDeclaration.All.Where(d => !d.MayChangeOnResume && d.Format(d.Get(this)) != d.Format(d.Get(other))).Select(d => d.Name),
        .. Network == other.Network ? Array.Empty<string>() : ["network"],
    ];
}

/// <summary>The network a run started from: architecture, weights file (null: random initialisation) and square input side.</summary>
public sealed record NetworkSource(string Model, string? Weights, int InputSize);
