using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static DissimNet.Networks.Export.OnnxProtoBuilder;

namespace DissimNet.Networks.Export;

/// <summary>Writes a TorchVision-style network (AlexNet, VGG-16, ResNet-18 as DissimNet builds them) as ONNX nodes, module by module.</summary>
/// <remarks>Every tappable layer's output is an ONNX value of the same name (<c>features.11</c>, <c>layer3.1</c>,
/// <c>layer3.1.bn1</c>), and every initializer carries the PyTorch parameter name, so the graph reads like the module.
/// Adaptive average pooling becomes GlobalAveragePool (1 x 1), nothing (when the map already has the output size),
/// or two MatMuls with PyTorch's averaging windows (any other size), so the graph is exact at the exported input size.</remarks>
internal sealed class TorchVisionOnnxGraph
{
    readonly List<NodeProto> _nodes = [];
    readonly List<TensorProto> _initializers = [];
    readonly Dictionary<string, Tensor> _state;
    readonly string _architecture;
    readonly long[] _poolInputSize;

    TorchVisionOnnxGraph(string architecture, nn.Module module, long[] poolInputSize)
    {
        _architecture = architecture;
        _state = module.state_dict();
        _poolInputSize = poolInputSize;
    }

    /// <summary>Nodes and initializers computing every layer of <paramref name="network"/> from <paramref name="input"/>
    /// (preprocessed N x 3 x S x S at the network's input size <paramref name="inputSize"/>).</summary>
    public static (List<NodeProto> Nodes, List<TensorProto> Initializers) Build(StagedNetwork network, string input, int inputSize)
    {
        var module = network.Module;
        var children = module.named_children().ToDictionary(c => c.name, c => c.module);
        var graph = new TorchVisionOnnxGraph(network.Architecture, module, PoolInputSize(network, inputSize));
        if (children.ContainsKey("features") && children.ContainsKey("classifier"))
            graph.ClassifierNet(children, input);
        else if (children.ContainsKey("layer1") && children.ContainsKey("fc"))
            graph.ResNet(children, input);
        else
            throw new DissimNetException($"{network.Architecture}: ONNX export knows AlexNet, VGG and ResNet module layouts, not this one ({string.Join(", ", children.Keys)})");
        return (graph._nodes, graph._initializers);
    }

    /// <summary>The spatial size entering <c>avgpool</c> at this input size, from one forward pass of a blank image.</summary>
    static long[] PoolInputSize(StagedNetwork network, int inputSize)
    {
        var layers = network.Names.Layers;
        int pool = layers.ToList().IndexOf("avgpool");
        if (pool < 1) throw new DissimNetException($"{network.Architecture}: no avgpool layer to export");
        var device = network.Module.parameters().First().device;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var output = network.Forward(zeros([1, 3, inputSize, inputSize], device: device), [layers[pool - 1]])[layers[pool - 1]];
        return [output.shape[2], output.shape[3]];
    }

    void ClassifierNet(Dictionary<string, nn.Module> children, string input)
    {
        var x = Sequence("features", children["features"], input);
        x = AdaptiveAveragePool("avgpool", (AdaptiveAvgPool2d)children["avgpool"], x);
        x = Flatten("avgpool.flatten", x);
        Sequence("classifier", children["classifier"], x);
    }

    void ResNet(Dictionary<string, nn.Module> children, string input)
    {
        var x = Layer("conv1", children["conv1"], input);
        x = Layer("bn1", children["bn1"], x);
        x = Layer("relu", children["relu"], x);
        x = Layer("maxpool", children["maxpool"], x);
        for (int s = 1; s <= 4; s++)
            foreach (var (name, block) in children[$"layer{s}"].named_children())
                x = BasicBlock($"layer{s}.{name}", block, x);
        x = AdaptiveAveragePool("avgpool", (AdaptiveAvgPool2d)children["avgpool"], x);
        x = Flatten("avgpool.flatten", x);
        Layer("fc", children["fc"], x);
    }

    string Sequence(string prefix, nn.Module sequence, string x)
    {
        foreach (var (name, module) in sequence.named_children())
            x = Layer($"{prefix}.{name}", module, x);
        return x;
    }

    /// <summary>A residual basic block: the inner layers keep their names, the output (after the addition and ReLU) is the block's name.</summary>
    string BasicBlock(string name, nn.Module block, string x)
    {
        var parts = block.named_children().ToDictionary(c => c.name, c => c.module);
        var y = Layer($"{name}.conv1", parts["conv1"], x);
        y = Layer($"{name}.bn1", parts["bn1"], y);
        y = Layer($"{name}.relu", parts["relu"], y);
        y = Layer($"{name}.conv2", parts["conv2"], y);
        y = Layer($"{name}.bn2", parts["bn2"], y);
        var identity = parts.TryGetValue("downsample", out var downsample) ? Sequence($"{name}.downsample", downsample, x) : x;
        _nodes.Add(Node("Add", $"{name}.add", [y, identity], [$"{name}.add"]));
        _nodes.Add(Node("Relu", $"{name}.relu_1", [$"{name}.add"], [name]));
        return name;
    }

    /// <summary>One module; its output value is named <paramref name="name"/>.</summary>
    string Layer(string name, nn.Module module, string x)
    {
        switch (module)
        {
            case Conv2d conv:
                if (conv.padding_mode != PaddingModes.Zeros || conv.padding_type is not null)
                    throw new DissimNetException($"{_architecture}: '{name}' uses a padding ONNX export does not write");
                var convPad = conv.padding ?? [0, 0];
                _nodes.Add(Node("Conv", name, WithBias(name, x, conv.bias is not null), [name],
                    Ints("kernel_shape", conv.kernel_size), Ints("strides", conv.stride), Ints("dilations", conv.dilation),
                    Ints("pads", convPad.Concat(convPad)), Int("group", conv.groups)));
                break;
            case BatchNorm2d norm:
                foreach (var part in new[] { "weight", "bias", "running_mean", "running_var" }) Initializer($"{name}.{part}");
                _nodes.Add(Node("BatchNormalization", name,
                    [x, $"{name}.weight", $"{name}.bias", $"{name}.running_mean", $"{name}.running_var"], [name], Float("epsilon", (float)norm.eps)));
                break;
            case ReLU:
                _nodes.Add(Node("Relu", name, [x], [name]));
                break;
            case MaxPool2d pool:
                if (pool.dilation is { } d && d.Any(v => v != 1))
                    throw new DissimNetException($"{_architecture}: '{name}' is a dilated max-pool, which ONNX export does not write");
                var stride = pool.stride ?? pool.kernel_size;
                var pad = pool.padding ?? [0, 0];
                _nodes.Add(Node("MaxPool", name, [x], [name], Ints("kernel_shape", pool.kernel_size), Ints("strides", stride),
                    Ints("pads", pad.Concat(pad)), Int("ceil_mode", pool.ceil_mode ? 1 : 0)));
                break;
            case Dropout: // evaluation mode: the identity
                _nodes.Add(Node("Identity", name, [x], [name]));
                break;
            case Linear linear:
                _nodes.Add(Node("Gemm", name, WithBias(name, x, linear.bias is not null), [name], Int("transB", 1)));
                break;
            default:
                throw new DissimNetException($"{_architecture}: ONNX export does not know the module '{name}' ({module.GetType().Name})");
        }
        return name;
    }

    /// <summary>Input list x, W (and b), registering the initializers.</summary>
    string[] WithBias(string name, string x, bool bias)
    {
        Initializer($"{name}.weight");
        if (!bias) return [x, $"{name}.weight"];
        Initializer($"{name}.bias");
        return [x, $"{name}.weight", $"{name}.bias"];
    }

    void Initializer(string parameter) => _initializers.Add(Tensor(parameter, _state[parameter]));

    string Flatten(string name, string x)
    {
        _nodes.Add(Node("Flatten", name, [x], [name], Int("axis", 1)));
        return name;
    }

    string AdaptiveAveragePool(string name, AdaptiveAvgPool2d pool, string x)
    {
        long[] output = pool.output_size.Length == 1 ? [pool.output_size[0], pool.output_size[0]] : pool.output_size;
        if (output.SequenceEqual(_poolInputSize))
            _nodes.Add(Node("Identity", name, [x], [name]));
        else if (output.All(o => o == 1))
            _nodes.Add(Node("GlobalAveragePool", name, [x], [name]));
        else
        {
            // Y = A_h X A_w^T with PyTorch's windows [floor(i H / o), ceil((i + 1) H / o)) averaged.
            _initializers.Add(Floats($"{name}.rows", Windows(_poolInputSize[0], output[0]), output[0], _poolInputSize[0]));
            _initializers.Add(Floats($"{name}.columns", Transposed(Windows(_poolInputSize[1], output[1]), output[1], _poolInputSize[1]), _poolInputSize[1], output[1]));
            _nodes.Add(Node("MatMul", $"{name}.pool_rows", [$"{name}.rows", x], [$"{name}.pooled_rows"]));
            _nodes.Add(Node("MatMul", name, [$"{name}.pooled_rows", $"{name}.columns"], [name]));
        }
        return name;
    }

    /// <summary>An output x input matrix whose row i averages PyTorch's adaptive window i.</summary>
    static float[] Windows(long input, long output)
    {
        var matrix = new float[output * input];
        for (long i = 0; i < output; i++)
        {
            long start = i * input / output, end = ((i + 1) * input + output - 1) / output;
            for (long k = start; k < end; k++) matrix[i * input + k] = 1f / (end - start);
        }
        return matrix;
    }

    static float[] Transposed(float[] matrix, long rows, long columns)
    {
        var result = new float[matrix.Length];
        for (long r = 0; r < rows; r++)
            for (long c = 0; c < columns; c++) result[c * rows + r] = matrix[r * columns + c];
        return result;
    }
}
