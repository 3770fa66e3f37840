using DissimNet.IO;
using System.CommandLine;
using DissimNet.Networks;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet weights convert</c>: check weights against an architecture once and store them as safetensors.</summary>
internal static class WeightsCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create(CliConsole console)
    {
        var from = new Option<string>("--from") { Description = "Weights file: .pth, .safetensors, .dat (TorchSharp) or .onnx", Required = true };
        var arch = new Option<string>("--arch") { Description = $"Architecture: {string.Join(", ", NetworkZoo.Architectures)}", Required = true };
        var output = new Option<string>("--out") { Description = "Output .safetensors file (PyTorch parameter names)", Required = true };
        var convert = new Command("convert", "Load weights into an architecture (every key and shape checked) and save them as .safetensors");
        foreach (var option in new Option[] { from, arch, output }) convert.Options.Add(option);
        convert.SetAction(parse =>
        {
            string source = parse.GetValue(from)!, target = parse.GetValue(output)!;
            if (StateDictFile.FormatOf(target) != StateDictFile.Format.Safetensors)
                throw new DissimNetException($"{target}: --out must be a .safetensors file");
            OutputFile.CheckWritable(target);
            using var network = NetworkZoo.Create(parse.GetValue(arch)!, source, runtime: NetworkOptions.Runtime(console, parse));
            StateDictFile.SaveSafetensors(network.Module, target);
            var state = network.Module.state_dict();
            long values = state.Values.Sum(t => t.numel());
            console.Out.WriteLine($"{target}: {state.Count} tensors, {values:N0} values for {network.Architecture} (from {source})");
            return 0;
        });
        var command = new Command("weights", "Weight files");
        command.Subcommands.Add(convert);
        return command;
    }
}
