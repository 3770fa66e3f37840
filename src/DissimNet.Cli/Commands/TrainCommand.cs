using System.CommandLine;
using DissimNet.Algonauts;
using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Training;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet train</c>: trains a network on neural RDMs with a Siamese dissimilarity loss.</summary>
public static class TrainCommand
{
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
        var model = NetworkOptions.Model();
        var weights = NetworkOptions.Weights();
        var size = NetworkOptions.Size();
        var trainLayer = new Option<string?>("--train-layer", "--layer") { Description = "Layer whose features give the predicted dissimilarity" };
        var layers = new Option<string>("--layers", "--candidate-layers") { Description = "Layers scored on the validation images: all, or comma-separated names", DefaultValueFactory = _ => "all" };
        var freeze = new Option<string?>("--freeze") { Description = "none, from:LAYER (that layer and later fixed) or upto:LAYER (up to and including it fixed)" };
        var transform = new Option<string?>("--transform", "--target-transform") { Description = "Target preparation: zscore, zscore-meg or none (default: zscore-meg for subjects x time targets, else zscore)" };
        var loss = new Option<string>("--loss") { Description = "mse (squared error) or correlation (1 - Pearson r over a batch's pairs)", DefaultValueFactory = _ => DissimilarityLosses.Name(DissimilarityLosses.Default) };
        var pairing = new Option<string>("--pairing") { Description = "images (a batch is k images and all their pairs) or pairs (a batch is B pairs)", DefaultValueFactory = _ => "images" };
        pairing.AcceptOnlyFromAmong("images", "pairs");
        var batch = new Option<int?>("--batch") { Description = "Images per batch (--pairing images) or pairs per batch (--pairing pairs); default 32" };
        var lr = new Option<double?>("--lr") { Description = "SGD learning rate; default 0.005" };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => 0 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "SGD weight decay", DefaultValueFactory = _ => 0 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs (each covers every training pair at least once)", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed for initialisation, the holdout split and every shuffle", DefaultValueFactory = _ => 0 };
        var keep = new Option<string>("--keep") { Description = "Checkpoints kept: all (every epoch), best (plus last, to resume) or last", DefaultValueFactory = _ => "all" };
        keep.AcceptOnlyFromAmong("best", "last", "all");
        var noCache = new Option<bool>("--no-prefix-cache") { Description = "Recompute a frozen prefix in every batch instead of caching its activations" };
        var output = new Option<string>("--out") { Description = "Output folder (summary.json, metrics.jsonl, checkpoints/)", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last finished epoch (same options, except that --epochs and --lr may change)" };

        var command = new Command("train", "Train a network so that 1 - Pearson r of its features matches neural dissimilarities (Siamese RDM learning)");
        foreach (var option in new Option[] { preset, algonauts, track, region, images, target, valImages, valTarget, holdout, holdoutSet, categories, model, weights, size,
                     trainLayer, layers, freeze, transform, loss, pairing, batch, lr, momentum, weightDecay, epochs, seed, keep, noCache, output, resume })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(preset) is { } presetName ? TrainingPresets.Get(presetName) : null;
            string modelName = parse.GetResult(model) is { Implicit: false } ? parse.GetValue(model)! : chosen?.Architecture ?? parse.GetValue(model)!;
            var weightsPath = parse.GetValue(weights);
            chosen?.RequireWeights(weightsPath);
            var transformName = parse.GetValue(transform) ?? (chosen is null ? null : TargetTransforms.Name(chosen.Transform));
            string? trackName = parse.GetValue(track) ?? chosen?.Track;
            string? regionName = parse.GetValue(region) ?? chosen?.Region;
            int seedValue = parse.GetValue(seed);

            var sets = LoadSets(parse.GetValue(algonauts), trackName, regionName, parse.GetValue(images) ?? [], parse.GetValue(target) ?? []);
            var transformValue = transformName is not null ? TargetTransforms.Parse(transformName)
                : sets.Any(s => s.Rdms.Rank == 4) ? TargetTransform.ZScoreMeg : TargetTransform.ZScore;
            TrainingData data;
            if (parse.GetValue(holdout) is { } fraction)
            {
                if (parse.GetValue(valImages) is not null) throw new DissimNetException("--holdout-fraction and --val-images exclude each other: choose one way to validate");
                var setName = parse.GetValue(holdoutSet) ?? sets[0].Name;
                var split = sets.FirstOrDefault(s => s.Name == setName); // an unknown set name is reported by WithHoldout
                var labels = parse.GetValue(categories) is { } spec && split.Images is not null
                    ? IO.CategoryLabels.Load(spec, (int)split.Images.shape[0]) : null;
                data = TrainingData.WithHoldout(sets, setName, fraction, seedValue, transformValue, labels);
            }
            else if (parse.GetValue(valImages) is { } vi && parse.GetValue(valTarget) is { } vt)
            {
                var validation = TrainingSources.LoadSet("validation", vi, vt);
                var labels = parse.GetValue(categories) is { } spec ? IO.CategoryLabels.Load(spec, (int)validation.Images.shape[0]) : null;
                data = TrainingData.WithValidation(sets, validation.Images, validation.Rdms, vt, transformValue, labels);
            }
            else throw new DissimNetException("validation images are needed: pass --val-images and --val-target, or --holdout-fraction F");

            var defaults = TrainingDefaults.For(modelName);
            string? layerName = parse.GetValue(trainLayer) ?? chosen?.TrainLayer ?? defaults?.TrainLayer;
            if (layerName is null) throw new DissimNetException("--train-layer is required (see `dissimnet layers --model " + modelName + "`)");
            var requested = parse.GetValue(layers)!.Trim();
            var settings = new TrainingSettings
            {
                TrainLayer = layerName,
                CandidateLayers = requested.Equals("all", StringComparison.OrdinalIgnoreCase) ? null
                    : requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Freeze = parse.GetValue(freeze) ?? chosen?.Freeze ?? defaults?.Freeze ?? "none",
                Loss = DissimilarityLosses.Parse(parse.GetValue(loss)!),
                Pairing = parse.GetValue(pairing) == "pairs" ? Pairing.Pairs : Pairing.Images,
                BatchSize = parse.GetValue(batch) ?? chosen?.BatchSize ?? 32,
                LearningRate = parse.GetValue(lr) ?? chosen?.LearningRate ?? 0.005,
                Momentum = parse.GetValue(momentum),
                WeightDecay = parse.GetValue(weightDecay),
                Epochs = parse.GetValue(epochs),
                Seed = seedValue,
                Keep = Enum.Parse<CheckpointKeep>(parse.GetValue(keep)!, ignoreCase: true),
                CacheFrozenPrefix = !parse.GetValue(noCache),
                Network = new NetworkSource(modelName, weightsPath is null ? null : Path.GetFullPath(weightsPath), parse.GetValue(size)),
                Command = CommonOptions.CommandLine(parse),
            };

            using var progress = new ConsoleProgress();
            // Seeded before the network exists, so a randomly initialised network starts from the same weights every run.
            TorchSharp.torch.random.manual_seed(seedValue);
            using var network = NetworkZoo.Create(modelName, weightsPath, parse.GetValue(size), progress);
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                var outFolder = parse.GetValue(output)!;
                var trainer = new SiameseTrainer(network, settings, new RsaScorer(ComparisonMethod.Spearman), progress);
                trainer.EpochFinished += s => Output.ValidationTable.Write(s, network);
                var summary = trainer.Run(data, outFolder, parse.GetValue(resume), cancel.Token);
                Console.WriteLine($"{outFolder}: {summary.Epochs.Count} epochs on {data.PairCount} pairs ({string.Join(" + ", summary.Data.Select(d => $"{d.Pairs} of set {d.Name}"))})");
                Console.WriteLine(LayerScores.Top(summary.Baseline) is { } baselineBest
                    ? $"before training: best layer {baselineBest.Layer}, {summary.ScoreMethod} {baselineBest.Score:F4}"
                    : "before training: no layer has a score");
                if (summary.Best is { } best && double.IsFinite(best.Score))
                    Console.WriteLine($"best: layer {best.Layer} after epoch {best.Epoch}, {summary.ScoreMethod} {best.Score:F4}"
                        + (summary.NoiseCeiling is { } c ? $" (noise ceiling {c.Lower:F4} .. {c.Upper:F4})" : ""));
            }
            catch (NonFiniteTrainingException e)
            {
                throw e.WithAdvice("resume with --resume, e.g. after lowering --lr");
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"{parse.GetValue(output)}: stopped; the last finished epoch is saved, continue with the same command and --resume");
                throw;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            return 0;
        });
        return command;
    }

    static IReadOnlyList<(string Name, TorchSharp.torch.Tensor Images, IO.NdArray Rdms, string Source)> LoadSets(
        string? algonauts, string? track, string? region, string[] images, string[] targets)
    {
        if (algonauts is not null)
        {
            if (images.Length > 0) throw new DissimNetException("--algonauts and --images exclude each other: choose one source of training images");
            if (track is null || region is null) throw new DissimNetException("--algonauts needs --track (fmri or meg) and --region (EVC, IT, early or late)");
            return AlgonautsTrainingLayout.Load(algonauts, AlgonautsNames.ParseTrack(track), AlgonautsNames.ParseRegion(region));
        }
        if (images.Length == 0) throw new DissimNetException("training data is needed: pass --algonauts DIR, or --images and --target");
        if (images.Length != targets.Length)
            throw new DissimNetException($"--images was given {images.Length} times but --target {targets.Length} times: each image set needs its RDMs");
        return images.Select((spec, k) => TrainingSources.LoadSet($"set{k + 1}", spec, targets[k])).ToList();
    }
}
