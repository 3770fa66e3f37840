using System.CommandLine;
using DissimNet.Algonauts;
using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Training;
using DissimNet.Workflows;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet train</c>: trains a network on neural RDMs with a Siamese dissimilarity loss.</summary>
public static class TrainCommand
{
    static TrainingSettings Defaults => TrainingSettings.Defaults;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var preset = new Option<string?>("--preset") { Description = $"Start from a preset ({string.Join(", ", TrainingPresets.All.Select(p => p.Name))}); other options override it" };
        var algonauts = new Option<string?>("--algonauts") { Description = "Algonauts 2019 Training_Data folder (92_Image_Set, 118_Image_Set); pools both sets" };
        var track = new Option<string?>("--track") { Description = "Algonauts track: fmri or meg" };
        var region = new Option<string?>("--region") { Description = "Algonauts region: EVC or IT (fmri), early or late (meg)" };
        var images = new Option<string[]>("--images") { Description = "Training images (a folder or N x H x W x 3 array spec); repeat with --target for several sets" };
        var target = new Option<string[]>("--target") { Description = "Subject RDMs for the --images of the same position (subjects [x time] x n x n)" };
        var valImages = new Option<string?>("--val-images") { Description = "Separate validation images" };
        var valTarget = new Option<string?>("--val-target") { Description = "Subject RDMs of the validation images" };
        var holdout = new Option<double?>("--holdout-fraction") { Description = "Hold out this fraction of one set's images for validation (seeded by --seed)" };
        var holdoutSet = new Option<string?>("--holdout-set") { Description = "Set to hold images out of (default: the first)" };
        var categories = new Option<string?>("--categories") { Description = "One category per image of the held-out set (or of --val-images), for the report: file.mat:variable[.field] holding text, a .json array or a .txt file with one label per line" };
        var model = new Option<string?>("--model") { Description = $"Network: {string.Join(", ", NetworkZoo.Architectures)} (default: the preset's, else {TrainRequestResolver.DefaultModel}, embedded and ImageNet-trained)" };
        var weights = NetworkOptions.Weights();
        var size = new Option<int?>("--size") { Description = $"Square input side in pixels (default: the preset's, else {TrainRequestResolver.DefaultInputSize})" };
        var trainLayer = new Option<string?>("--train-layer", "--layer") { Description = "Layer whose features give the predicted dissimilarity (default: the preset's or the network's)" };
        var layers = new Option<string>("--layers", "--candidate-layers") { Description = "Layers scored on the validation images: all, or comma-separated names", DefaultValueFactory = _ => "all" };
        var freeze = new Option<string?>("--freeze") { Description = "none, from:LAYER (that layer and later fixed) or upto:LAYER (up to and including it fixed); default: the preset's or the network's, else none" };
        var transform = new Option<string?>("--transform", "--target-transform") { Description = "Target preparation: zscore, zscore-meg or none (default: zscore-meg for subjects x time targets, else zscore)" };
        var loss = new Option<string?>("--loss") { Description = $"mse (squared error) or correlation (1 - Pearson r over a batch's pairs); default {DissimilarityLosses.Name(Defaults.Loss)}" };
        var pairing = new Option<string?>("--pairing") { Description = "images (a batch is k images and all their pairs, the default) or pairs (a batch is B pairs)" };
        pairing.AcceptOnlyFromAmong("images", "pairs");
        var batch = new Option<int?>("--batch") { Description = $"Images per batch (--pairing images) or pairs per batch (--pairing pairs); default: the preset's, else {Defaults.BatchSize}" };
        var batchesPerEpoch = new Option<int?>("--batches-per-epoch") { Description = "Make an epoch this many random batches (random image groups or random pairs) instead of batches covering every pair; for large image sets, whose pairs grow as n^2" };
        var lr = new Option<double?>("--lr") { Description = $"SGD learning rate; default: the preset's, else {Defaults.LearningRate}" };
        var momentum = new Option<double?>("--momentum") { Description = $"SGD momentum; default {Defaults.Momentum}" };
        var weightDecay = new Option<double?>("--weight-decay") { Description = $"SGD weight decay; default {Defaults.WeightDecay}" };
        var epochs = new Option<int?>("--epochs") { Description = $"Epochs (each covers every training pair at least once, unless --batches-per-epoch); default {Defaults.Epochs}" };
        var seed = new Option<int?>("--seed") { Description = $"Seed for initialisation, the holdout split and every shuffle; default {Defaults.Seed}" };
        var keep = new Option<string?>("--keep") { Description = $"Checkpoints kept: all (every epoch), best (plus last, to resume) or last; default {Defaults.Keep.ToString().ToLowerInvariant()}" };
        keep.AcceptOnlyFromAmong("best", "last", "all");
        var dtype = new Option<string?>("--checkpoint-dtype") { Description = $"How trained weights are stored after epoch 0: float32 (exact resumes) or float16 (half the size, about 3 significant digits); default {Defaults.CheckpointPrecision.ToString().ToLowerInvariant()}" };
        dtype.AcceptOnlyFromAmong("float32", "float16");
        var noCache = new Option<bool>("--no-prefix-cache") { Description = "Recompute a frozen prefix in every batch instead of caching its activations" };
        var output = new Option<string>("--out") { Description = "Output folder (summary.json, metrics.jsonl, checkpoints/)", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last finished epoch (same options; --epochs and --lr may change)" };

        var threads = NetworkOptions.Threads();
        var command = new Command("train", "Train a network so that 1 - Pearson r of its features matches neural dissimilarities (Siamese RDM learning)");
        foreach (var option in new Option[] { preset, algonauts, track, region, images, target, valImages, valTarget, holdout, holdoutSet, categories, model, weights, size,
                     trainLayer, layers, freeze, transform, loss, pairing, batch, batchesPerEpoch, lr, momentum, weightDecay, epochs, seed, keep, dtype, noCache, threads, output, resume })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            NetworkOptions.UseThreads(parse, threads);
            string? requested = parse.GetValue(layers)!.Trim();
            var request = new TrainRequest
            {
                Preset = parse.GetValue(preset),
                Model = parse.GetValue(model),
                Weights = parse.GetValue(weights),
                InputSize = parse.GetValue(size),
                TrainLayer = parse.GetValue(trainLayer),
                CandidateLayers = requested.Equals("all", StringComparison.OrdinalIgnoreCase) ? null
                    : requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Freeze = parse.GetValue(freeze),
                Transform = parse.GetValue(transform) is { } t ? TargetTransforms.Parse(t) : null,
                Loss = parse.GetValue(loss) is { } l ? DissimilarityLosses.Parse(l) : null,
                Pairing = parse.GetValue(pairing) switch { "pairs" => Pairing.Pairs, "images" => Pairing.Images, _ => null },
                BatchSize = parse.GetValue(batch),
                BatchesPerEpoch = parse.GetValue(batchesPerEpoch),
                LearningRate = parse.GetValue(lr),
                Momentum = parse.GetValue(momentum),
                WeightDecay = parse.GetValue(weightDecay),
                Epochs = parse.GetValue(epochs),
                Seed = parse.GetValue(seed),
                Keep = parse.GetValue(keep) is { } k ? Enum.Parse<CheckpointKeep>(k, ignoreCase: true) : null,
                CheckpointPrecision = parse.GetValue(dtype) is { } d ? Enum.Parse<CheckpointPrecision>(d, ignoreCase: true) : null,
                CacheFrozenPrefix = parse.GetValue(noCache) ? false : null,
                Command = CommonOptions.CommandLine(parse),
                Track = parse.GetValue(track),
                Region = parse.GetValue(region),
            };
            var data = new TrainingDataRequest
            {
                Algonauts = parse.GetValue(algonauts),
                Images = parse.GetValue(images) ?? [],
                Targets = parse.GetValue(target) ?? [],
                ValidationImages = parse.GetValue(valImages),
                ValidationTarget = parse.GetValue(valTarget),
                HoldoutFraction = parse.GetValue(holdout),
                HoldoutSet = parse.GetValue(holdoutSet),
                Categories = parse.GetValue(categories),
            };
            var outFolder = parse.GetValue(output)!;
            DissimNet.IO.OutputFile.CheckFolderWritable(outFolder); // before the images are loaded and the network built
            using var progress = new ConsoleProgress();
            using var ctrlC = new CtrlC();
            try
            {
                var (summary, trained) = TrainWorkflow.Run(request, data, outFolder, parse.GetValue(resume), progress, ctrlC.Token,
                    (s, network) => Output.ValidationTable.Write(s, network));
                var baselineBest = summary.Baseline.Where(kv => double.IsFinite(kv.Value)).MaxBy(kv => kv.Value);
                Console.WriteLine($"{outFolder}: {summary.Epochs.Count} epochs on {trained.PairCount} pairs ({string.Join(" + ", summary.Data.Select(d => $"{d.Pairs} of set {d.Name}"))})");
                if (baselineBest.Key is not null)
                    Console.WriteLine($"before training: best layer {baselineBest.Key}, {summary.ScoreMethod} {baselineBest.Value:F4}");
                if (summary.Best is { } best)
                    Console.WriteLine($"best: layer {best.Layer} after epoch {best.Epoch}, {summary.ScoreMethod} {best.Score:F4}"
                        + (summary.NoiseCeiling is { } c ? $" (noise ceiling {c.Lower:F4} .. {c.Upper:F4}, pooling matched: ranks averaged)" : ""));
            }
            catch (NonFiniteTrainingException e)
            {
                throw e.WithAdvice("resume with --resume, e.g. after lowering --lr");
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"{outFolder}: stopped; the last finished epoch is saved, continue with the same command and --resume");
                throw;
            }
            return 0;
        });
        return command;
    }
}
