using System.CommandLine;
using DissimNet.Networks.Runtime;
using DissimNet.Workflows;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet export</c>: a trained run's network as ONNX (up to a layer, preprocessing included) or its weights as safetensors.</summary>
internal static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var run = new Option<string>("--run") { Description = "Training output folder", Required = true };
        var epoch = CommonOptions.Epoch();
        var layer = new Option<string?>("--layer") { Description = "Layer the ONNX graph ends at (default: the run's selected best layer)" };
        var format = new Option<string>("--format")
        {
            Description = "onnx (input: N x 3 x S x S float RGB 0..255 at the run's input size S; output: the layer's features) or safetensors (every weight; PyTorch names for TorchVision networks, ONNX initializer names for resnet18-imagenet and onnx)",
            DefaultValueFactory = _ => "onnx",
        };
        format.AcceptOnlyFromAmong("onnx", "safetensors");
        var device = NetworkOptions.Device();
        var output = new Option<string>("--out") { Description = "Output file (.onnx or .safetensors)", Required = true };
        var command = new Command("export", "Write a trained network as ONNX (up to the selected layer, preprocessing included) or its weights as safetensors, for Python");
        foreach (var option in new Option[] { run, epoch, layer, format, device, output }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            using var progress = new ConsoleProgress(console);
            var runtime = NetworkOptions.OnDevice(console, NetworkOptions.Runtime(console, parse), parse, device, progress);
            var chosen = parse.GetValue(format) == "safetensors" ? ExportFormat.Safetensors : ExportFormat.Onnx;
            var result = RunExport.Write(parse.GetValue(run)!, parse.GetValue(output)!, chosen, parse.GetValue(layer), parse.GetValue(epoch), runtime);
            console.Out.WriteLine(chosen == ExportFormat.Onnx
                ? $"{result.Path}: {result.Architecture} up to layer {result.Layer}, weights after epoch {result.Epoch}; input '{Networks.Export.NetworkOnnxExport.InputName}' N x 3 x {result.InputSize} x {result.InputSize} RGB 0..255"
                : $"{result.Path}: {result.Architecture} weights after epoch {result.Epoch} ({result.Naming})");
            return 0;
        });
        return command;
    }
}
