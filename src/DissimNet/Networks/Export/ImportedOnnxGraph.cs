using Onnx;
using DissimNet.Networks.Onnx;
using static TorchSharp.torch;

namespace DissimNet.Networks.Export;

/// <summary>An imported ONNX network written back: its original graph with the module's current (trained) weights.</summary>
/// <remarks>The graph is the file the network was imported from, so every node keeps its original operator, attributes
/// and names; only the floating-point initializers are replaced by the module's values of the same name.</remarks>
internal static class ImportedOnnxGraph
{
    /// <summary>The source model with its weights replaced; its graph input renamed to <paramref name="input"/>.</summary>
    public static ModelProto WithCurrentWeights(OnnxNetwork network, string input)
    {
        var graphModule = network.Graph;
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(graphModule.Source));
        var graph = model.Graph;
        for (int i = 0; i < graph.Initializer.Count; i++)
        {
            var original = graph.Initializer[i];
            var type = (TensorProto.Types.DataType)original.DataType;
            if (type is not (TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Double)) continue;
            var current = graphModule.ValueOf(original.Name)
                ?? throw new DissimNetException($"{graphModule.Source}: initializer '{original.Name}' has no counterpart in the imported network");
            graph.Initializer[i] = OnnxProtoBuilder.Tensor(original.Name, current, type);
        }
        foreach (var node in graph.Node)
            for (int k = 0; k < node.Input.Count; k++)
                if (node.Input[k] == graphModule.InputName) node.Input[k] = input;
        return model;
    }

    /// <summary>DissimNet's preprocessing model for the embedded ResNet-18 (RGB to BGR, minus the mean image), its values prefixed
    /// so they cannot clash with the trunk's, reading <paramref name="input"/> and writing <paramref name="output"/>.</summary>
    public static (IEnumerable<NodeProto> Nodes, IEnumerable<TensorProto> Initializers) EmbeddedPreprocessing(string input, string output)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(EmbeddedResNet18.PreprocessPath));
        var graph = model.Graph;
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet();
        var graphInput = graph.Input.Select(i => i.Name).Single(n => !initializers.Contains(n));
        var graphOutput = graph.Output[0].Name;
        string Rename(string name) => name == graphInput ? input : name == graphOutput ? output : name.Length == 0 ? name : "preprocess/" + name;
        foreach (var node in graph.Node)
        {
            for (int k = 0; k < node.Input.Count; k++) node.Input[k] = Rename(node.Input[k]);
            for (int k = 0; k < node.Output.Count; k++) node.Output[k] = Rename(node.Output[k]);
            node.Name = "preprocess/" + (node.Name.Length > 0 ? node.Name : node.OpType + "_" + node.Output[0]);
        }
        foreach (var initializer in graph.Initializer) initializer.Name = Rename(initializer.Name);
        return (graph.Node.ToList(), graph.Initializer.ToList());
    }
}
