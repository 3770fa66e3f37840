using System.CommandLine;
using DissimNet.IO;
using DissimNet.Reports;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet plot-rdm</c>: draws one RDM as a heatmap PNG.</summary>
internal static class PlotRdmCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string>("SPEC") { Description = "The RDM: file.mat:variable[.field], file.npz:name, file.npy or file.csv (n x n, n(n-1)/2 vector, or a stack that is averaged); append [k] to pick one of a stack" };
        var output = new Option<string>("--out") { Description = "PNG file to write", Required = true };
        var categories = new Option<string?>("--categories") { Description = "One category per condition: file.mat:variable[.field] holding text, a .json array or a .txt file with one label per line" };
        var rank = new Option<bool>("--rank") { Description = "Show off-diagonal values as percentiles (rank transform), as RSA papers do" };
        var title = new Option<string?>("--title") { Description = "Title above the matrix (default: the spec)" };
        var width = new Option<int>("--width") { Description = "Image width in pixels", DefaultValueFactory = _ => 760 };
        var height = new Option<int>("--height") { Description = "Image height in pixels", DefaultValueFactory = _ => 680 };

        var command = new Command("plot-rdm", "Draw an RDM as a heatmap with a colorbar, optionally with category blocks on the axes");
        command.Arguments.Add(spec);
        foreach (var option in new Option[] { output, categories, rank, title, width, height }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            if (FigureFonts.MissingFontWarning() is { } fontWarning) console.Error.WriteLine($"warning: {fontWarning}");
            string rdmSpec = parse.GetValue(spec)!, path = parse.GetValue(output)!;
            int w = parse.GetValue(width), h = parse.GetValue(height);
            if (w < 200 || h < 200 || w > 8000 || h > 8000) throw new DissimNetException($"--width and --height must be 200 to 8000 pixels, got {w} x {h}");
            if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) throw new DissimNetException($"--out {path}: expected a .png file name");
            OutputFile.CheckWritable(path);

            var rdm = RdmFigureInputs.LoadRdm(rdmSpec);
            CommonOptions.WriteWarnings(console, rdm.Warnings);
            int n = rdm.ConditionCount;
            string heading = parse.GetValue(title) ?? Path.GetFileName(rdmSpec);
            if (rdm.AveragedCount > 1)
            {
                console.Note($"{rdmSpec} holds {rdm.AveragedCount} RDMs; drawing their mean");
                if (parse.GetValue(title) is null) heading += $" (mean of {rdm.AveragedCount})";
            }

            IReadOnlyList<string>? labels = null;
            int[]? order = null;
            if (parse.GetValue(categories) is { } categorySpec)
            {
                labels = CategoryLabels.Load(categorySpec, n);
                if (!RdmFigureInputs.AreGrouped(labels))
                {
                    order = RdmMatrix.GroupByCategory(labels);
                    labels = order.Select(i => labels[i]).ToArray();
                    console.Note("conditions reordered so each category forms one block");
                }
            }
            // No more cells than pixels: a large RDM is drawn as block means, never as a full square copy.
            var (matrix, step) = RdmMatrix.ForDisplay(rdm.Rdm, order, Math.Max(w, h));
            if (step > 1)
            {
                console.Note($"{n} conditions drawn as {matrix.GetLength(0)} x {matrix.GetLength(0)} cells, each the mean of a {step} x {step} block");
                if (labels is not null) labels = Enumerable.Range(0, matrix.GetLength(0)).Select(k => labels[k * step]).ToArray();
            }

            new RdmHeatmapPlot(matrix) { Title = heading, Categories = labels, Ranked = parse.GetValue(rank), Width = w, Height = h, ItemsPerCell = step }.SavePng(path);
            console.Out.WriteLine($"wrote {path} ({n} x {n})");
            return 0;
        });
        return command;
    }
}
