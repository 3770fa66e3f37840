using System.CommandLine;
using System.Globalization;
using DissimNet.Reports;
using DissimNet.Workflows;
using Spectre.Console;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet demo</c>: the embedded ResNet-18 against human IT, trained on a third of the 92 images, selected on a sixth and tested on half, with a report.</summary>
internal static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out") { Description = "Output folder (a training run folder plus report.html); rerunning with the same folder resumes", DefaultValueFactory = _ => "dissimnet-demo" };
        var quick = new Option<bool>("--quick") { Description = $"A first look: {DemoWorkflow.QuickEpochs} epochs and 2 candidate layers instead of {DemoWorkflow.Epochs} epochs and {DemoWorkflow.CandidateLayers.Count}" };
        var threads = NetworkOptions.Threads();
        var command = new Command("demo", "Run the whole method on the embedded data: ImageNet ResNet-18 vs human IT (92 images), layer profile, " +
            "Siamese training on 31 images with the layer and epoch chosen on 15 validation images, the result on 46 test images before and after, HTML report");
        command.Options.Add(output);
        command.Options.Add(quick);
        var device = NetworkOptions.Device();
        command.Options.Add(device);
        command.Options.Add(threads);
        command.SetAction(parse =>
        {
            var runtime = NetworkOptions.Runtime(console, parse, threads);
            if (FigureFonts.MissingFontWarning() is { } fontWarning) console.Error.WriteLine($"warning: {fontWarning}");
            using var progress = new ConsoleProgress(console);
            runtime = NetworkOptions.OnDevice(console, runtime, parse, device, progress);
            var options = new DemoOptions
            {
                OutFolder = parse.GetValue(output)!, Quick = parse.GetValue(quick), Command = CommonOptions.CommandLine(parse),
                Device = Networks.Runtime.ComputeDevice.Describe(runtime.Device),
            };
            using var ctrlC = new CtrlC();
            DemoResult result;
            try
            {
                result = DemoWorkflow.Run(options, progress, ctrlC.Token, runtime);
            }
            catch (OperationCanceledException)
            {
                console.Error.WriteLine($"{options.OutFolder}: stopped; the last finished epoch is saved, run the same command again to continue");
                throw;
            }
            progress.End();
            Write(console, result);
            return 0;
        });
        return command;
    }

    static void Write(CliConsole cli, DemoResult result)
    {
        var console = cli.Results();
        var summary = result.Summary;
        var profile = result.FullSetProfile;
        var full = profile.Best;
        Output.LayerProfileTable.Write(cli.Out, profile, $"of the pretrained {DemoWorkflow.Model} on all {SquareSize(summary)} images against human IT", layer => layer);
        console.WriteLine();
        console.WriteLine($"Target: {result.TargetDescription}.");
        console.WriteLine($"Pretrained {DemoWorkflow.Model} on all {SquareSize(summary)} images: best layer {full.Layer}, " +
            $"mean Spearman {F(full.Mean)}" + (profile.Ceiling is { } c ? $" (noise ceiling {F(c.Lower)} to {F(c.Upper)}, pooling {DissimNet.Statistics.NoiseCeilingPoolings.Describe(profile.Pooling, profile.Method)})" : ""));

        var ceiling = summary.Test?.NoiseCeiling;
        var table = new Table()
            .Title($"Test images ({summary.Test?.Images} of {SquareSize(summary)}, never used for any choice), mean Spearman ρ over {summary.Test?.Subjects} subjects")
            .AddColumn("")
            .AddColumn(new TableColumn("before training").RightAligned())
            .AddColumn(new TableColumn($"after training").RightAligned());
        if (ceiling is not null) table.AddColumn(new TableColumn("of ceiling").RightAligned());
        foreach (var row in new[] { result.TrainedLayer, result.Selected })
        {
            var cells = new List<string> { row.What, $"{F(row.Before)} ({Markup.Escape(row.LayerBefore)})", $"{F(row.After)} ({Markup.Escape(row.LayerAfter)})" };
            if (ceiling is not null) cells.Add(ceiling.Lower > 0 ? Percent(row.After / ceiling.Lower) : "–");
            table.AddRow(cells.ToArray());
        }
        if (ceiling is not null) table.AddRow("noise ceiling", $"lower {F(ceiling.Lower)}", $"upper {F(ceiling.Upper)}", "");
        table.Caption($"layers and epoch chosen on {summary.Validation.Images} validation images, trained on {summary.Split.Train.Length}"
            + (ceiling is not null ? "; of ceiling: the score after training divided by the test images' lower noise ceiling" : ""));
        console.Write(table);
        if (summary.Test?.BestTestCellOptimistic is { } o)
            console.WriteLine($"Best cell on the test images themselves (optimistic, for comparison only): {F(o.Test)} ({Markup.Escape(o.Layer)}, ep. {o.Epoch})");
        // Paths go out unwrapped: the console wraps long lines at its width (80 when redirected), which would break a path in two.
        var raw = console.Profile.Out.Writer;
        raw.WriteLine($"Report: {result.ReportPath}");
        raw.WriteLine($"Run folder: {result.RunFolder} (done in {result.Elapsed:mm\\:ss})");
    }

    static int SquareSize(DissimNet.Training.TrainingSummary summary) => summary.Split.Train.Length + summary.Split.Val.Length + summary.Split.Test.Length;

    static string F(double value) => double.IsFinite(value) ? value.ToString("F3", CultureInfo.InvariantCulture) : "–";

    static string Percent(double value) => double.IsFinite(value) ? value.ToString("0%", CultureInfo.InvariantCulture) : "–";
}
