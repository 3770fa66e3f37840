using System.CommandLine;
using DissimNet.Rdms;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet convert-rdms</c>: RDMs between rsatoolbox's .hdf5 and the .mat/.npz that MATLAB and numpy read.</summary>
internal static class ConvertRdmsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var from = new Option<string>("--from") { Description = "RDMs to convert: file.hdf5 (rsatoolbox; select with file.hdf5?subject=subject1), file.mat:variable, .npz:name, .npy or .csv; [k] picks one", Required = true };
        var output = new Option<string>("--out") { Description = "Output: .hdf5 or .h5 (rsatoolbox.rdm.load_rdm opens it), .mat or .npz (RDMs as count x n x n plus rdm_* descriptors)", Required = true };
        var command = new Command("convert-rdms", "Convert RDMs between rsatoolbox .hdf5 and .mat / .npz files") { from, output };
        command.SetAction(parse =>
        {
            using var notes = new ConsoleProgress(console, quiet: true);
            var outPath = parse.GetValue(output)!;
            var written = RdmConversion.Convert(parse.GetValue(from)!, outPath, notes);
            console.Out.WriteLine($"{outPath}: {written.RdmCount} RDM{(written.RdmCount == 1 ? "" : "s")} of {written.PatternDescriptors.FirstOrDefault()?.Count.ToString() ?? "?"} conditions"
                + (written.RdmDescriptors.Count > 0 ? $" (RDM descriptors: {string.Join(", ", written.RdmDescriptors.Select(c => c.Name))})" : ""));
            return 0;
        });
        return command;
    }
}
