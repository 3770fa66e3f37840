using Google.Protobuf;
using Onnx;
using static DissimNet.Networks.Export.OnnxProtoBuilder;

namespace DissimNet.Networks.Export;

/// <summary>Writes a network up to one layer as an ONNX model whose input is RGB images and whose output is that layer's features.</summary>
/// <remarks>The input <see cref="InputName"/> is N x 3 x S x S float RGB on the 0..255 scale, already at the network's input
/// side S (DissimNet resizes the shorter side to S with bilinear interpolation, no antialiasing, and crops the centre; a
/// square image is resized whole). The network's own preprocessing (TorchVision's ImageNet normalisation, or the embedded
/// ResNet-18's BGR mean-image subtraction) is part of the graph. The output is the layer's activation, N x C x H x W or
/// N x F; DissimNet's RDMs use it flattened per image.</remarks>
internal static class NetworkOnnxExport
{
    /// <summary>Name of the exported model's image input.</summary>
    public const string InputName = "images";

    const string Preprocessed = "preprocessed";

    /// <summary>The ONNX model computing <paramref name="layer"/> (name or alias) of <paramref name="network"/> at input side <paramref name="inputSize"/>.</summary>
    public static ModelProto Build(ITappableNetwork network, string layer, int inputSize)
    {
        var output = network.Resolve(layer);
        ModelProto model;
        switch (network)
        {
            case StagedNetwork staged:
            {
                var (nodes, initializers) = TorchVisionOnnxGraph.Build(staged, Preprocessed, inputSize);
                var (prepNodes, prepInitializers) = ImageNetNormalization(InputName, Preprocessed);
                model = new ModelProto { IrVersion = 7, Graph = new GraphProto() };
                model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
                model.Graph.Node.AddRange(prepNodes.Concat(nodes));
                model.Graph.Initializer.AddRange(prepInitializers.Concat(initializers));
                break;
            }
            case OnnxNetwork imported:
            {
                model = ImportedOnnxGraph.WithCurrentWeights(imported, Preprocessed);
                var (prepNodes, prepInitializers) = imported.Architecture == EmbeddedResNet18.Name
                    ? ImportedOnnxGraph.EmbeddedPreprocessing(InputName, Preprocessed)
                    : ImageNetNormalization(InputName, Preprocessed);
                var trunk = model.Graph.Node.ToList();
                model.Graph.Node.Clear();
                model.Graph.Node.AddRange(prepNodes.Concat(trunk));
                model.Graph.Initializer.AddRange(prepInitializers);
                break;
            }
            default:
                throw new DissimNetException($"{network.Architecture}: ONNX export knows DissimNet's TorchVision networks and imported ONNX networks only");
        }
        model.ProducerName = "DissimNet";
        model.Graph.Name = $"{network.Architecture} to {layer}";
        model.Graph.DocString = $"Input '{InputName}': N x 3 x {inputSize} x {inputSize} float RGB, 0..255, resized to {inputSize} x {inputSize}. "
            + $"Output '{output}': the features of layer {layer} ({network.Architecture}), preprocessing included.";
        model.MetadataProps.Add(new StringStringEntryProto { Key = "dissimnet.layer", Value = layer });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "dissimnet.architecture", Value = network.Architecture });
        CutAt(model, output, inputSize);
        return model;
    }

    /// <summary>Writes <see cref="Build"/>'s model to <paramref name="path"/>.</summary>
    public static void Save(ITappableNetwork network, string layer, int inputSize, string path) =>
        IO.OutputFile.WriteBytes(path, Build(network, layer, inputSize).ToByteArray());

    /// <summary>Keeps only the nodes and initializers <paramref name="output"/> needs, and declares the image input and that output.</summary>
    static void CutAt(ModelProto model, string output, int inputSize)
    {
        var graph = model.Graph;
        var needed = new HashSet<string> { output };
        var kept = new List<NodeProto>();
        foreach (var node in graph.Node.Reverse())
        {
            if (!node.Output.Any(needed.Contains)) continue;
            kept.Add(node);
            needed.UnionWith(node.Input);
        }
        kept.Reverse();
        var initializers = graph.Initializer.Where(i => needed.Contains(i.Name)).ToList();
        var initializerInputs = graph.Input.Where(i => needed.Contains(i.Name) && initializers.Any(t => t.Name == i.Name)).ToDictionary(i => i.Name);
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        graph.ValueInfo.Clear(); // the source's shapes fix the batch size at 1
        graph.Input.Clear();
        graph.Input.Add(FloatValue(InputName, "N", 3, inputSize, inputSize));
        if (model.IrVersion < 4) // before IR 4 every initializer is also a graph input
            foreach (var t in initializers)
                graph.Input.Add(initializerInputs.GetValueOrDefault(t.Name) ?? FloatValue(t.Name, t.Dims.Cast<object>().ToArray()));
        graph.Output.Clear();
        graph.Output.Add(FloatValue(output));
    }
}
