using DissimNet.IO;
using System.CommandLine;
using DissimNet.Reports;
using DissimNet.Training;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet report</c>: the HTML report of a training run folder.</summary>
internal static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var run = new Argument<string>("RUNDIR") { Description = $"A training run folder (holds {RunFolder.SummaryFile}; {RunFolder.RdmsFile} and {RunFolder.CategoriesFile} add the RDM figures)" };
        var output = new Option<string?>("--out") { Description = $"HTML file to write (default: RUNDIR/{RunFolder.ReportFile}); figures go in a folder beside it" };
        var embed = new Option<bool>("--embed") { Description = "Also embed the figures in the HTML file, so it can be shared alone" };

        var command = new Command("report", "Write an HTML report of a training run: layer profiles, training curves, model selection, RDMs, MDS, numbers and settings");
        command.Arguments.Add(run);
        command.Options.Add(output);
        command.Options.Add(embed);
        command.SetAction(parse =>
        {
            if (FigureFonts.MissingFontWarning() is { } fontWarning) console.Error.WriteLine($"warning: {fontWarning}");
            string folder = parse.GetValue(run)!;
            string path = parse.GetValue(output) ?? new RunFolder(folder).ReportPath;
            if (!path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
                throw new DissimNetException($"--out {path}: expected an .html file name");
            OutputFile.CheckWritable(path);

            var data = RunFolderReader.Read(folder);
            var result = RunReport.Write(data, path, parse.GetValue(embed));
            foreach (var note in data.Notes) console.Note(note);
            foreach (var figure in result.Figures.Where(f => !f.Written)) console.Note($"skipped '{figure.Title}': {figure.SkipReason}");
            console.Out.WriteLine($"wrote {result.HtmlPath} ({result.Figures.Count(f => f.Written)} of {result.Figures.Count} figures)");
            return 0;
        });
        return command;
    }
}
