using System.CommandLine;
using DissimNet.Algonauts;
using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Training;
using DissimNet.Rdms;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet predict</c>: the RDM of new images from a trained run, or an Algonauts 2019 submission.</summary>
internal static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var runs = new Option<string[]>("--run") { Description = "Training output folder; for a submission REGION=DIR per region (EVC=, IT= or early=, late=), or one DIR for all regions", Required = true };
        var images = new Option<string>("--images") { Description = "Images: a folder (natural name order) or an N x H x W x 3 array spec", Required = true };
        var layer = new Option<string?>("--layer") { Description = "Layer to read (default: the run's selected best layer)" };
        var epoch = CommonOptions.Epoch();
        var size = new Option<int?>("--size") { Description = "Square input side in pixels (default: the run's)" };
        var device = NetworkOptions.Device();
        var batch = new Option<int>("--batch") { Description = "Images per forward pass", DefaultValueFactory = _ => 16 };
        var format = new Option<string?>("--format") { Description = "Write an Algonauts 2019 submission: fmri (EVC_RDMs, IT_RDMs) or meg (MEG_RDMs_early, MEG_RDMs_late)" };
        format.AcceptOnlyFromAmong("fmri", "meg");
        var output = new Option<string>("--out") { Description = "Output .mat, .npz, .npy or .hdf5/.h5 (rsatoolbox RDMs, the layer as RDM descriptor 'layer'); a submission is a .mat", Required = true };

        var threads = NetworkOptions.Threads();
        var command = new Command("predict", "Compute the RDM of images with a trained network, or write an Algonauts 2019 submission");
        foreach (var option in new Option[] { runs, images, layer, epoch, size, device, batch, threads, format, output })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var runtime = NetworkOptions.Runtime(console, parse, threads);
            var imageSpec = parse.GetValue(images)!;
            var outPath = parse.GetValue(output)!;
            if (parse.GetValue(format) is null && DataSpec.FormatOf(outPath) is not (FileFormat.Mat or FileFormat.Npz or FileFormat.Npy or FileFormat.Hdf5))
                throw new DissimNetException($"{outPath}: --out must end in .mat, .npz, .npy, .hdf5 or .h5");
            OutputFile.CheckWritable(outPath);
            var pixels = ImageSet.LoadArray(imageSpec);
            using var progress = new ConsoleProgress(console);
            runtime = NetworkOptions.OnDevice(console, runtime, parse, device, progress);
            var computed = new Dictionary<string, LayerRdm>();
            LayerRdm Predict(string folder) => computed.TryGetValue(folder, out var done) ? done
                : computed[folder] = TrainedRun.Rdm(folder, pixels, parse.GetValue(layer), parse.GetValue(epoch), parse.GetValue(size),
                    parse.GetValue(batch), progress, imageSpec, runtime);

            if (parse.GetValue(format) is { } formatName)
            {
                var track = AlgonautsNames.ParseTrack(formatName);
                var folders = AssignRuns(parse.GetValue(runs)!, track);
                var rdms = folders.ToDictionary(kv => kv.Key, kv => Predict(kv.Value));
                AlgonautsSubmission.Write(outPath, track, rdms.ToDictionary(kv => kv.Key, kv => kv.Value.Rdm.ToSquare()));
                console.Out.WriteLine($"{outPath}: Algonauts 2019 {formatName} submission of {pixels.Shape[0]} images ("
                    + string.Join(", ", rdms.Select(kv => $"{AlgonautsTrainingLayout.Variable(track, kv.Key)} from {folders[kv.Key]} at {kv.Value.Layer}")) + ")");
                return 0;
            }
            var single = parse.GetValue(runs)!;
            if (single.Length != 1) throw new DissimNetException($"--run was given {single.Length} times; without --format, give one run");
            var rdm = Predict(single[0]);
            LayerRdmFiles.Save(outPath, [rdm], "correlation"); // TrainedRun computes correlation distances
            console.Out.WriteLine($"{outPath}: RDM of {pixels.Shape[0]} images at layer {rdm.Layer}");
            return 0;
        });
        return command;
    }

    /// <summary>Which run folder serves each region of the track: REGION=DIR pairs, or one DIR for every region.</summary>
    static Dictionary<AlgonautsRegion, string> AssignRuns(string[] runs, AlgonautsTrack track)
    {
        var regions = AlgonautsSubmission.Regions(track);
        if (runs.Length == 1 && !runs[0].Contains('='))
            return regions.ToDictionary(r => r, _ => runs[0]);
        var assigned = new Dictionary<AlgonautsRegion, string>();
        foreach (var run in runs)
        {
            var cut = run.IndexOf('=');
            if (cut <= 0) throw new DissimNetException($"--run {run}: with several runs, name each region: --run {regions[0]}=DIR --run {regions[1]}=DIR");
            var region = AlgonautsNames.ParseRegion(run[..cut]);
            if (!regions.Contains(region))
                throw new DissimNetException($"--run {run}: region {region} is not part of a {track.ToString().ToLowerInvariant()} submission ({string.Join(", ", regions)})");
            assigned[region] = run[(cut + 1)..];
        }
        var missing = regions.Where(r => !assigned.ContainsKey(r)).ToArray();
        if (missing.Length > 0) throw new DissimNetException($"--run: no run for {string.Join(", ", missing)} (give --run {missing[0]}=DIR)");
        return assigned;
    }
}
