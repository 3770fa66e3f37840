using System.CommandLine;
using DissimNet.Algonauts;
using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Training;
using DissimNet.Workflows;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet train</c>: trains a network on neural RDMs with a Siamese dissimilarity loss.</summary>
internal static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var options = new TrainOptions();
        var algonauts = new Option<string?>("--algonauts") { Description = "Algonauts 2019 Training_Data folder (92_Image_Set, 118_Image_Set); pools both sets" };
        var images = new Option<string[]>("--images") { Description = "Training images (a folder or N x H x W x 3 array spec); repeat with --target for several sets" };
        var target = new Option<string[]>("--target") { Description = "Subject RDMs for the --images of the same position (subjects [x time] x n x n)" };
        var valImages = new Option<string?>("--val-images") { Description = "Separate validation images" };
        var valTarget = new Option<string?>("--val-target") { Description = "Subject RDMs of the validation images" };
        var holdout = new Option<double?>("--holdout-fraction") { Description = "Hold out this fraction of one set's images for validation (seeded by --seed)" };
        var testFraction = new Option<double?>("--test-fraction") { Description = "Hold out this fraction of the split set's images as test images first (seeded by --seed); --holdout-fraction then splits the rest into training and validation. Layer and epoch are chosen on validation only; the test score is the unbiased result" };
        var testImages = new Option<string?>("--test-images") { Description = "Separate test images: scored after every epoch, never used for any choice" };
        var testTarget = new Option<string?>("--test-target") { Description = "Subject RDMs of the test images" };
        var holdoutSet = new Option<string?>("--holdout-set") { Description = "Set to hold images out of (default: the first)" };
        var categories = new Option<string?>("--categories") { Description = "One category per image of the held-out set (or of --val-images), for the report: file.mat:variable[.field] holding text, a .json array or a .txt file with one label per line" };
        var output = new Option<string>("--out") { Description = "Output folder (summary.json, metrics.jsonl, checkpoints/)", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last finished epoch (same options; --epochs and --lr may change)" };

        var command = new Command("train", "Train a network so that 1 - Pearson r of its features matches neural dissimilarities (Siamese RDM learning)");
        foreach (var option in new Option[] { options.Preset, options.Recipe, algonauts, options.Track, options.Region, images, target, valImages, valTarget, holdout, testFraction, testImages, testTarget, holdoutSet, categories }
                     .Concat(options.Network).Concat([output, resume]))
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var runtime = options.Runtime(console, parse);
            var request = options.Request(parse);
            var data = new TrainingDataRequest
            {
                Algonauts = parse.GetValue(algonauts),
                Images = parse.GetValue(images) ?? [],
                Targets = parse.GetValue(target) ?? [],
                ValidationImages = parse.GetValue(valImages),
                ValidationTarget = parse.GetValue(valTarget),
                HoldoutFraction = parse.GetValue(holdout),
                HoldoutSet = parse.GetValue(holdoutSet),
                TestFraction = parse.GetValue(testFraction),
                TestImages = parse.GetValue(testImages),
                TestTarget = parse.GetValue(testTarget),
                Categories = parse.GetValue(categories),
            };
            var outFolder = parse.GetValue(output)!;
            DissimNet.IO.OutputFile.CheckFolderWritable(outFolder); // before the images are loaded and the network built
            using var progress = new ConsoleProgress(console);
            runtime = options.OnDevice(console, runtime, parse, progress);
            request = request with { Device = Networks.Runtime.ComputeDevice.Describe(runtime.Device) };
            using var ctrlC = new CtrlC();
            try
            {
                var (summary, trained) = TrainWorkflow.Run(request, data, outFolder, parse.GetValue(resume), progress, ctrlC.Token,
                    (s, network) => Output.ValidationTable.Write(console, s, network), runtime);
                var baselineBest = summary.Baseline.Where(kv => double.IsFinite(kv.Value)).MaxBy(kv => kv.Value);
                console.Out.WriteLine($"{outFolder}: {summary.Epochs.Count} epochs on {trained.PairCount} pairs ({string.Join(" + ", summary.Data.Select(d => $"{d.Pairs} of set {d.Name}"))})");
                if (baselineBest.Key is not null)
                    console.Out.WriteLine($"before training: best layer {baselineBest.Key}, {summary.ScoreMethod} {baselineBest.Value:F4}");
                if (summary.Best is { } best)
                    console.Out.WriteLine($"{(summary.Test is null ? "best" : "selected on validation")}: layer {best.Layer} after epoch {best.Epoch}, {summary.ScoreMethod} {best.Score:F4}"
                        + (summary.NoiseCeiling is { } c ? $" (noise ceiling {c.Lower:F4} .. {c.Upper:F4}, pooling matched: ranks averaged)" : ""));
                if (summary.Test is { } test)
                    Output.TestResultLines.Write(console.Out, test);
            }
            catch (NonFiniteTrainingException e)
            {
                throw e.WithAdvice("resume with --resume, e.g. after lowering --lr");
            }
            catch (OperationCanceledException)
            {
                console.Error.WriteLine($"{outFolder}: stopped; the last finished epoch is saved, continue with the same command and --resume");
                throw;
            }
            return 0;
        });
        return command;
    }
}
