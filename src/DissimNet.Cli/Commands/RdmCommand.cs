using DissimNet.Images;
using System.CommandLine;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Statistics;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet rdm</c>: images through a network, one RDM per layer, optionally scored against brain RDMs.</summary>
internal static class RdmCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var images = new Option<string>("--images") { Description = "Images: a folder of .jpg/.png files (natural name order) or N x H x W x 3 (0..255): file.mat:variable[.field], .npy, .npz:name", Required = true };
        var model = NetworkOptions.Model();
        var weights = NetworkOptions.Weights();
        var layers = new Option<string>("--layers") { Description = "all, or comma-separated layer names or aliases (see `dissimnet layers`)", DefaultValueFactory = _ => "all" };
        var distance = new Option<string>("--distance") { Description = "Dissimilarity: correlation (1 - Pearson r), euclidean or cosine", DefaultValueFactory = _ => "correlation" };
        distance.AcceptOnlyFromAmong("correlation", "euclidean", "cosine");
        var size = NetworkOptions.Size();
        var device = NetworkOptions.Device();
        var batch = new Option<int>("--batch") { Description = "Images per forward pass", DefaultValueFactory = _ => 16 };
        var output = new Option<string>("--out") { Description = "Output: .mat (one variable per layer plus a 'layers' cell array), .npz, .npy (one layer), or .hdf5/.h5 (rsatoolbox RDMs, layer names as the RDM descriptor 'layer')", Required = true };
        var condensed = new Option<bool>("--condensed") { Description = "Write one layer's RDM as a condensed float32 .npy (the n(n-1)/2 upper-triangle pairs), computed in blocks: for large image sets (e.g. 20,000 images) whose square RDMs do not fit in memory or a .mat file" };
        var scoreAgainst = new Option<string?>("--score-against") { Description = "Subject RDMs to score each layer against (Spearman), e.g. 92_brainRDMs.mat:RDMs.RDM" };

        var threads = NetworkOptions.Threads();
        var command = new Command("rdm", "Put images through a network and write the RDM of each requested layer");
        var pooling = CommonOptions.NoiseCeilingPooling();
        foreach (var option in new Option[] { images, model, weights, layers, distance, size, device, batch, threads, output, condensed, scoreAgainst, pooling })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var runtime = NetworkOptions.Runtime(console, parse, threads);
            string outPath = parse.GetValue(output)!;
            _ = DataSpec.FormatOf(outPath) is FileFormat.Mat or FileFormat.Npz or FileFormat.Npy or FileFormat.Hdf5
                ? 0 : throw new DissimNetException($"{outPath}: --out must end in .mat, .npz, .npy, .hdf5 or .h5");
            OutputFile.CheckWritable(outPath); // before the forward pass, not after it
            using var progress = new ConsoleProgress(console);
            var targets = parse.GetValue(scoreAgainst) is { } spec ? RdmFiles.LoadStack(spec, progress) : null;
            var imageSpec = parse.GetValue(images)!;
            var pixels = ImageSet.LoadArray(imageSpec);
            NetworkRdms.RequireImages(pixels, imageSpec);
            if (targets is not null && targets.ConditionCount != pixels.Shape[0]) // checked before anything is written
                throw new DissimNetException($"{parse.GetValue(scoreAgainst)}: RDMs over {targets.ConditionCount} conditions, but {imageSpec} has {pixels.Shape[0]} images; they must match to be scored");
            runtime = NetworkOptions.OnDevice(console, runtime, parse, device, progress);
            using var network = NetworkZoo.Create(parse.GetValue(model)!, parse.GetValue(weights), parse.GetValue(size), progress, runtime);
            var requested = parse.GetValue(layers)!.Trim();
            IReadOnlyList<string> names = requested.Equals("all", StringComparison.OrdinalIgnoreCase)
                ? network.Layers
                : requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var metric = parse.GetValue(distance) switch
            {
                "euclidean" => DistanceMetric.Euclidean,
                "cosine" => DistanceMetric.Cosine,
                _ => DistanceMetric.Correlation,
            };
            if (parse.GetValue(condensed))
            {
                if (names.Count != 1 || DataSpec.FormatOf(outPath) != FileFormat.Npy)
                    throw new DissimNetException($"--condensed writes one layer's RDM to a .npy file; got {names.Count} layer(s) and --out {outPath}");
                if (targets is not null)
                    throw new DissimNetException($"--condensed does not score; score the written file with `dissimnet score --model {outPath} --target {parse.GetValue(scoreAgainst)}`");
                int features = CondensedLayerRdm.Write(network, pixels, names[0], outPath, metric, parse.GetValue(batch), progress, imageSpec);
                console.Out.WriteLine($"{outPath}: condensed RDM of {pixels.Shape[0]} images at {names[0]} ({features} features; {network.Architecture}, {parse.GetValue(distance)})");
                return 0;
            }
            var rdms = NetworkRdms.Compute(network, pixels, names, metric, parse.GetValue(batch), progress, imageSpec);
            LayerRdmFiles.Save(outPath, rdms, parse.GetValue(distance));
            console.Out.WriteLine($"{outPath}: {rdms.Count} layer RDMs of {pixels.Shape[0]} images ({network.Architecture}, {parse.GetValue(distance)})");
            if (targets is not null)
            {
                Output.LayerProfileTable.Write(console.Out, LayerProfile.Score(rdms, targets, targetSource: parse.GetValue(scoreAgainst)!, progress: progress,
                    pooling: NoiseCeilingPoolings.Parse(parse.GetValue(pooling)!)), $"against {parse.GetValue(scoreAgainst)}", network.Label);
            }
            return 0;
        });
        return command;
    }
}
