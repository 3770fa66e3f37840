using System.CommandLine;
using DissimNet.Algonauts;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Training;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet predict</c>: the RDM of new images from a trained run, or an Algonauts 2019 submission from two runs.</summary>
public static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runs = new Option<string[]>("--run") { Description = "Training output folder (from `dissimnet train --out`); twice with --submission", Required = true };
        var images = new Option<string>("--images") { Description = "Images: a folder or an N x H x W x 3 array spec", Required = true };
        var layer = new Option<string?>("--layer") { Description = "Layer to read (default: the run's best layer)" };
        var checkpoint = new Option<string>("--checkpoint") { Description = "Weights: best or last", DefaultValueFactory = _ => "best" };
        checkpoint.AcceptOnlyFromAmong("best", "last");
        var size = new Option<int?>("--size") { Description = "Square input side in pixels (default: the run's)" };
        var batch = new Option<int>("--batch") { Description = "Images per forward pass", DefaultValueFactory = _ => 16 };
        var submission = new Option<string?>("--submission") { Description = "Write an Algonauts 2019 submission: fmri (runs for EVC then IT) or meg (runs for early then late)" };
        var output = new Option<string>("--out") { Description = "Output .mat, .npz or .npy (or the submission .mat)", Required = true };

        var command = new Command("predict", "Compute the RDM of images with a trained network, or write an Algonauts 2019 submission");
        foreach (var option in new Option[] { runs, images, layer, checkpoint, size, batch, submission, output })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var runFolders = parse.GetValue(runs)!;
            var imageSpec = parse.GetValue(images)!;
            var outPath = parse.GetValue(output)!;
            var track = parse.GetValue(submission) is { } t ? AlgonautsNames.ParseTrack(t) : (AlgonautsTrack?)null;
            if (track is not null && runFolders.Length != 2)
                throw new DissimNetException($"--submission {parse.GetValue(submission)} needs two --run folders (EVC then IT, or early then late), got {runFolders.Length}");
            if (track is null && runFolders.Length != 1)
                throw new DissimNetException($"--run was given {runFolders.Length} times; without --submission, give one run");
            var pixels = TrainingSources.LoadImageArray(imageSpec);
            using var progress = new ConsoleProgress();
            var rdms = new List<LayerRdm>();
            foreach (var folder in runFolders)
            {
                var run = new RunFolder(folder);
                if (!run.HasSummary) throw new DissimNetException($"{folder}: not a training run folder (no summary.json; see `dissimnet train --out`)");
                var summary = TrainingSummary.Load(run.SummaryPath);
                var source = summary.Settings?.Network
                    ?? throw new DissimNetException($"{run.SummaryPath}: does not record which network was trained (settings.network)");
                // The checkpoint holds every parameter; only an imported ONNX graph needs its original file for the architecture.
                var architectureFile = source.Model == "onnx" ? source.Weights : null;
                using var network = NetworkZoo.Create(source.Model, architectureFile, parse.GetValue(size) ?? source.InputSize);
                summary = run.LoadWeights(network.Module, best: parse.GetValue(checkpoint) == "best");
                var name = parse.GetValue(layer) ?? summary.Best?.Layer ?? summary.TrainLayer;
                rdms.Add(NetworkRdms.Compute(network, pixels, [name], batchSize: parse.GetValue(batch), progress: progress, source: imageSpec)[0]);
            }
            if (track is { } tr)
            {
                var regions = AlgonautsSubmission.Regions(tr);
                AlgonautsSubmission.Write(outPath, tr, new Dictionary<AlgonautsRegion, double[]> { [regions[0]] = rdms[0].Rdm.ToSquare(), [regions[1]] = rdms[1].Rdm.ToSquare() });
                Console.WriteLine($"{outPath}: Algonauts 2019 {tr.ToString().ToLowerInvariant()} submission, {pixels.Shape[0]} images ({regions[0]}: {rdms[0].Layer}, {regions[1]}: {rdms[1].Layer})");
            }
            else
            {
                _ = DataSpec.FormatOf(outPath) is FileFormat.Mat or FileFormat.Npz or FileFormat.Npy
                    ? 0 : throw new DissimNetException($"{outPath}: --out must end in .mat, .npz or .npy");
                LayerRdmFiles.Save(outPath, rdms);
                Console.WriteLine($"{outPath}: RDM of {pixels.Shape[0]} images at layer {rdms[0].Layer}");
            }
            return 0;
        });
        return command;
    }
}
