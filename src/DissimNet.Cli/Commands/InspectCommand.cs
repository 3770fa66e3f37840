using System.CommandLine;
using DissimNet.IO;
using Spectre.Console;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet inspect FILE</c>: lists the variables of a .mat, .npz, .npy or .csv file and how to address them.</summary>
internal static class InspectCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "A .mat (v5 or v7.3), .npz, .npy or .csv file" };
        var command = new Command("inspect", "List every variable in a data file with its class and dimensions (struct fields too), as FILE:variable specs") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var entries = FileInventory.Describe(path);
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("data spec").AddColumn("class").AddColumn("dimensions").AddColumn("note");
            foreach (var entry in entries)
                table.AddRow(
                    Markup.Escape(new string(' ', 2 * entry.Depth) + entry.Spec),
                    Markup.Escape(entry.Class),
                    Markup.Escape(entry.Dimensions),
                    Markup.Escape(entry.Note ?? ""));
            var results = console.Results();
            results.WriteLine(path);
            results.Write(table);
            return 0;
        });
        return command;
    }
}
