using System.CommandLine;
using DissimNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet layers</c>: every tappable layer of a network in forward order, with output shapes and aliases.</summary>
internal static class LayersCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var model = NetworkOptions.Model();
        var weights = NetworkOptions.Weights();
        var size = NetworkOptions.Size();
        var device = NetworkOptions.Device();
        var threads = NetworkOptions.Threads();
        var command = new Command("layers", "List a network's layers in forward order with output shapes (for one image) and readable aliases");
        foreach (var option in new Option[] { model, weights, size, device, threads }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var runtime = NetworkOptions.Runtime(console, parse, threads);
            int side = parse.GetValue(size);
            using var progress = new ConsoleProgress(console);
            runtime = NetworkOptions.OnDevice(console, runtime, parse, device, progress);
            using var network = NetworkZoo.Create(parse.GetValue(model)!, parse.GetValue(weights), side, runtime: runtime);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            // The fill value's Scalar is disposed here rather than left to the finalizer (see ScalarArithmetic in the library).
            using var gray = 128.ToScalar();
            var image = full(1, side, side, 3, gray, ScalarType.Byte);
            var outputs = network.Forward(network.Preprocess(image), network.Layers.ToList());
            console.Out.WriteLine($"{network.Architecture}: {network.Layers.Count} layers, input 3 x {side} x {side}; '|' marks cut points (no skip connection crosses them)");
            int width = Math.Max(10, network.Layers.Max(l => l.Length));
            for (int i = 0; i < network.Layers.Count; i++)
            {
                var layer = network.Layers[i];
                var shape = string.Join(" x ", outputs[layer].shape.Skip(1));
                var aliases = string.Join(", ", network.Names.AliasesOf(layer));
                var cut = network.IsCutPoint(layer) ? "|" : " ";
                console.Out.WriteLine($"{i,4} {cut} {layer.PadRight(width)}  {shape,-18} {aliases}");
            }
            return 0;
        });
        return command;
    }
}
