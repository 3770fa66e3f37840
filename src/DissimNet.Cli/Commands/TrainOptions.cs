using System.CommandLine;
using DissimNet.Networks;
using DissimNet.Training;

namespace DissimNet.Cli.Commands;

/// <summary>The options that make a <see cref="TrainRequest"/>, shared by <c>train</c> and <c>crossval</c> so both train the same way.</summary>
internal sealed class TrainOptions
{
    static TrainingSettings Defaults => TrainingSettings.Defaults;

    public readonly Option<string?> Preset = new("--preset") { Description = $"Start from a preset ({string.Join(", ", TrainingPresets.All.Select(p => p.Name))}); other options override it" };
    public readonly Option<string?> Recipe = new("--recipe") { Description = $"Training choices to start from: {string.Join("; ", TrainingRecipes.All.Select(r => $"{r.Name} ({r.Description})"))}. Default: algonauts2019 with --preset, else ceiling; other options override it" };
    public readonly Option<string?> Track = new("--track") { Description = "Algonauts track: fmri or meg" };
    public readonly Option<string?> Region = new("--region") { Description = "Algonauts region: EVC or IT (fmri), early or late (meg)" };
    public readonly Option<string?> Model = new("--model") { Description = $"Network: {string.Join(", ", NetworkZoo.Architectures)} (default: the preset's, else {TrainRequestResolver.DefaultModel}, embedded and ImageNet-trained)" };
    public readonly Option<string?> Weights = NetworkOptions.Weights();
    public readonly Option<int?> Size = new("--size") { Description = $"Square input side in pixels (default: the preset's, else {TrainRequestResolver.DefaultInputSize})" };
    public readonly Option<string?> TrainLayer = new("--train-layer", "--layer") { Description = "Layer whose features give the predicted dissimilarity (default: the preset's or the network's)" };
    public readonly Option<string> Layers = new("--layers", "--candidate-layers") { Description = "Layers scored on the validation images: all, or comma-separated names", DefaultValueFactory = _ => "all" };
    public readonly Option<string?> Freeze = new("--freeze") { Description = "none, from:LAYER (that layer and later fixed) or upto:LAYER (up to and including it fixed); default: the preset's or the network's, else none" };
    public readonly Option<string?> Transform = new("--transform", "--target-transform") { Description = "Target preparation: zscore, zscore-meg or none (default: zscore-meg for subjects x time targets, else zscore)" };
    public readonly Option<string?> Loss = new("--loss") { Description = $"mse (squared error), correlation (1 - Pearson r over a batch's pairs) or spearman (1 - Pearson r of soft ranks of the predictions and ranks of the targets); default {DissimilarityLosses.Name(Defaults.Loss)}" };
    public readonly Option<string?> Pairing = new("--pairing") { Description = "images (a batch is k images and all their pairs, the default) or pairs (a batch is B pairs)" };
    public readonly Option<int?> Batch = new("--batch") { Description = $"Images per batch (--pairing images) or pairs per batch (--pairing pairs); default: the preset's, else {Defaults.BatchSize}" };
    public readonly Option<double?> Lr = new("--lr") { Description = "Learning rate of the optimiser; default: the recipe's (ceiling: Adam at 0.0003; sgd and algonauts2019: 0.005)" };
    public readonly Option<double?> Momentum = new("--momentum") { Description = $"SGD momentum (needs --optimizer sgd, or --recipe sgd); default {Defaults.Momentum}" };
    public readonly Option<double?> WeightDecay = new("--weight-decay") { Description = $"SGD weight decay; default {Defaults.WeightDecay}" };
    public readonly Option<int?> Epochs = new("--epochs") { Description = $"Epochs (each covers every training pair at least once, unless --batches-per-epoch); default: the recipe's (ceiling: at most 30, stopping early), else {Defaults.Epochs}" };
    public readonly Option<int?> Seed = new("--seed") { Description = $"Seed for initialisation, the holdout split and every shuffle; default {Defaults.Seed}" };
    public readonly Option<string?> Keep = new("--keep") { Description = $"Checkpoints kept: all (every epoch), best (plus last, to resume) or last; default {Defaults.Keep.ToString().ToLowerInvariant()}" };
    public readonly Option<string?> Dtype = new("--checkpoint-dtype") { Description = $"How trained weights are stored after epoch 0: float32 (exact resumes) or float16 (half the size, about 3 significant digits); default {Defaults.CheckpointPrecision.ToString().ToLowerInvariant()}" };
    public readonly Option<bool> NoCache = new("--no-prefix-cache") { Description = "Recompute a frozen prefix in every batch instead of caching its activations" };
    public readonly Option<string> Device = NetworkOptions.Device();
    public readonly Option<int?> Threads = NetworkOptions.Threads();
    public readonly Option<int?> BatchesPerEpoch = new("--batches-per-epoch") { Description = "Make an epoch this many random batches (random image groups or random pairs) instead of batches covering every pair; for large image sets, whose pairs grow as n^2" };
    public readonly Option<string?> Optimizer = new("--optimizer") { Description = $"sgd (with --momentum), adam or adamw; --weight-decay is sgd's and adam's L2 term, adamw's decoupled decay; default: the recipe's (ceiling: adam; sgd and algonauts2019: sgd)" };
    public readonly Option<string?> LrSchedule = new("--lr-schedule") { Description = $"constant, or cosine (epoch e of E trains at lr x (1 + cos(pi (e-1)/E)) / 2); default {LearningRateSchedules.Name(Defaults.LrSchedule)}" };
    public readonly Option<double?> L2Sp = new("--l2sp") { Description = $"L2-SP strength lambda: adds (lambda/2) x sum ||w - w0||^2 over trained weights, w0 = the weights before training; default {Defaults.L2Sp} (off)" };
    public readonly Option<int?> Patience = new("--patience") { Description = "Stop early when the best validation score has not improved for this many epochs; default: the recipe's (ceiling: 5), else never" };

    public readonly Option<string?> Readout = new("--readout") { Description = "none (default) or nnls: also score a read-out over the candidate layers, sum_l w_l RDM_l with w_l >= 0 fitted on the training images after every epoch (a candidate named readout)" };

    public readonly Option<string?> Augment = new("--augment") { Description = "Random views of training images: none (default), flip, crop, crop-flip or crop-flip-color (crop: 70-100% of the area, resized back; flip: p = 1/2; color: +-10% contrast and brightness)" };
    public readonly Option<int?> AugmentViews = new("--augment-views") { Description = $"With --augment and a cached frozen prefix: random views drawn once per training image, whose prefix activations are cached (memory grows V-fold); default {Defaults.AugmentViews}" };
    public readonly Option<string?> Tta = new("--tta") { Description = "Test-time augmentation of validation and test images (and predict of the run): none (default) or flip (features averaged with the mirror image's)" };

    public TrainOptions()
    {
        Recipe.AcceptOnlyFromAmong([.. TrainingRecipes.All.Select(r => r.Name)]);
        Readout.AcceptOnlyFromAmong("none", "nnls");
        Augment.AcceptOnlyFromAmong([.. Augmentations.Names]);
        Tta.AcceptOnlyFromAmong("none", "flip");
        Pairing.AcceptOnlyFromAmong("images", "pairs");
        Keep.AcceptOnlyFromAmong("best", "last", "all");
        Dtype.AcceptOnlyFromAmong("float32", "float16");
        Optimizer.AcceptOnlyFromAmong("sgd", "adam", "adamw");
        LrSchedule.AcceptOnlyFromAmong("constant", "cosine");
    }

    /// <summary>The options in help order: network first, then the schedule.</summary>
    public IEnumerable<Option> Network => [Model, Weights, Size, TrainLayer, Layers, Freeze, Transform, Loss, Pairing, Batch, BatchesPerEpoch, Lr, Momentum, WeightDecay, Epochs, Seed, Keep, Dtype, NoCache, Device, Threads, Readout, Augment, AugmentViews, Tta, Optimizer, LrSchedule, L2Sp, Patience];

    /// <summary>True when the user typed <c>--layers</c> (rather than taking its default).</summary>
    public bool LayersGiven(ParseResult parse) => parse.GetResult(Layers) is { Implicit: false };

    /// <summary>The device the options name, resolved (auto's fallback note goes through <paramref name="progress"/>).</summary>
    public string ResolveDevice(ParseResult parse, IProgressSink progress) =>
        Networks.Runtime.ComputeDevice.Describe(NetworkOptions.ResolveDevice(parse, Device, progress));

    /// <summary>The request the options describe.</summary>
    public TrainRequest Request(ParseResult parse)
    {
        string requested = parse.GetValue(Layers)!.Trim();
        return new TrainRequest
        {
            Preset = parse.GetValue(Preset),
            Recipe = parse.GetValue(Recipe),
            Model = parse.GetValue(Model),
            Weights = parse.GetValue(Weights),
            InputSize = parse.GetValue(Size),
            TrainLayer = parse.GetValue(TrainLayer),
            CandidateLayers = requested.Equals("all", StringComparison.OrdinalIgnoreCase) ? null
                : requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Freeze = parse.GetValue(Freeze),
            Transform = parse.GetValue(Transform) is { } t ? TargetTransforms.Parse(t) : null,
            Loss = parse.GetValue(Loss) is { } l ? DissimilarityLosses.Parse(l) : null,
            Pairing = parse.GetValue(Pairing) switch { "pairs" => Training.Pairing.Pairs, "images" => Training.Pairing.Images, _ => null },
            BatchSize = parse.GetValue(Batch),
            BatchesPerEpoch = parse.GetValue(BatchesPerEpoch),
            LearningRate = parse.GetValue(Lr),
            Momentum = parse.GetValue(Momentum),
            WeightDecay = parse.GetValue(WeightDecay),
            Epochs = parse.GetValue(Epochs),
            Seed = parse.GetValue(Seed),
            Keep = parse.GetValue(Keep) is { } k ? Enum.Parse<CheckpointKeep>(k, ignoreCase: true) : null,
            CheckpointPrecision = parse.GetValue(Dtype) is { } d ? Enum.Parse<CheckpointPrecision>(d, ignoreCase: true) : null,
            CacheFrozenPrefix = parse.GetValue(NoCache) ? false : null,
            Command = CommonOptions.CommandLine(parse),
            Track = parse.GetValue(Track),
            Region = parse.GetValue(Region),
            Readout = parse.GetValue(Readout) is { } r ? Enum.Parse<ReadoutMethod>(r, ignoreCase: true) : null,
            Augment = parse.GetValue(Augment) is { } a ? Augmentations.Parse(a) : null,
            AugmentViews = parse.GetValue(AugmentViews),
            TestTimeAugmentation = parse.GetValue(Tta) is { } tta ? Augmentations.ParseTta(tta) : null,
            Optimizer = parse.GetValue(Optimizer) is { } o ? TrainingOptimizers.Parse(o) : null,
            LrSchedule = parse.GetValue(LrSchedule) is { } ls ? LearningRateSchedules.Parse(ls) : null,
            L2Sp = parse.GetValue(L2Sp),
            Patience = parse.GetValue(Patience),
        };
    }
}
