using DissimNet.Networks.Runtime;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DissimNet.Networks.Onnx;

/// <summary>One ONNX node turned into a TorchSharp computation: inputs (null for omitted optional inputs) to outputs.</summary>
internal delegate Tensor[] OnnxOperation(Tensor?[] inputs);

/// <summary>TorchSharp implementations of the ONNX operators that image CNNs use.</summary>
/// <remarks>Spatial operators support 2-D images (N x C x H x W). Asymmetric ONNX pads are applied explicitly
/// with <c>pad</c> first, because PyTorch's convolution and pooling only pad symmetrically.</remarks>
internal static class OnnxOperators
{
    /// <summary>Operator names this importer understands.</summary>
    public static readonly IReadOnlyList<string> Supported =
    [
        "Conv", "BatchNormalization", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "MaxPool", "AveragePool", "GlobalAveragePool",
        "GlobalMaxPool", "Add", "Sub", "Mul", "Div", "Concat", "Split", "Gemm", "MatMul", "Flatten", "Reshape",
        "Transpose", "Dropout", "LRN", "Softmax", "Constant", "Identity",
    ];

    /// <summary>Input positions that hold trainable weights (initializers there become parameters).</summary>
    public static bool IsTrainableInput(string opType, int position) => opType switch
    {
        "Conv" => position is 1 or 2,
        "Gemm" => position is 1 or 2,
        "MatMul" => true,
        "Add" => true,
        "BatchNormalization" => position is 1 or 2,
        _ => false,
    };

    /// <summary>Builds the computation for a node, or throws naming the operator and the node.</summary>
    public static OnnxOperation Create(NodeProto node, long opset, string where)
    {
        var a = OnnxTensors.Attributes(node);
        string label = $"{where}: node '{NodeLabel(node)}' ({node.OpType})";
        if (node.Domain is { Length: > 0 } domain && domain != "ai.onnx")
            throw new DissimNetException($"{label}: operator domain '{domain}' is not supported (only the standard ONNX domain)");
        return node.OpType switch
        {
            "Conv" => Conv(a, label),
            "BatchNormalization" => BatchNorm(a),
            "Relu" => x => [F.relu(x[0]!)],
            "LeakyRelu" => LeakyRelu(a),
            "Sigmoid" => x => [torch.sigmoid(x[0]!)],
            "Tanh" => x => [torch.tanh(x[0]!)],
            "MaxPool" => MaxPool(a, label),
            "AveragePool" => AveragePool(a, label),
            "GlobalAveragePool" => x => [x[0]!.mean([2L, 3L], keepdim: true)],
            "GlobalMaxPool" => x => [x[0]!.amax([2L, 3L], keepdim: true)],
            "Add" => Binary(a, label, ScalarArithmetic.Add),
            "Sub" => Binary(a, label, (p, q) => p - q),
            "Mul" => Binary(a, label, (p, q) => p * q),
            "Div" => Binary(a, label, (p, q) => p / q),
            "Concat" => Concat(a),
            "Split" => Split(a, node.Output.Count, opset),
            "Gemm" => Gemm(a, label),
            "MatMul" => x => [CheckedMatMul(x[0]!, x[1]!, label)],
            "Flatten" => Flatten(a),
            "Reshape" => Reshape(a, label),
            "Transpose" => Transpose(a),
            "Dropout" => x => node.Output.Count > 1
                ? [x[0]!.alias(), torch.ones_like(x[0]!, dtype: ScalarType.Bool)]
                : [x[0]!.alias()],
            "LRN" => Lrn(a),
            "Softmax" => Softmax(a, opset),
            "Identity" => x => [x[0]!.alias()],
            "Constant" => Constant(a, label),
            _ => throw new DissimNetException(
                $"{label}: operator '{node.OpType}' is not supported (supported: {string.Join(", ", Supported)})"),
        };
    }

    /// <summary>The node's name, or its first output when the node is unnamed.</summary>
    public static string NodeLabel(NodeProto node) =>
        node.Name is { Length: > 0 } ? node.Name : node.Output.FirstOrDefault() ?? "?";

    static long[] Pair(long[]? values, long fallback) => values ?? [fallback, fallback];

    static void Require2d(Tensor x, string label)
    {
        if (x.dim() != 4)
            throw new DissimNetException($"{label}: expected a 4-D N x C x H x W input, got shape [{string.Join(", ", x.shape)}]");
    }

    /// <summary>ONNX pads [h_begin, w_begin, h_end, w_end] for the given input, honouring auto_pad.</summary>
    static long[] Pads(Dictionary<string, AttributeProto> a, Tensor x, long[] kernel, long[] strides, long[] dilations)
    {
        var autoPad = a.String("auto_pad", "NOTSET");
        if (autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            var pads = new long[4];
            for (int d = 0; d < 2; d++)
            {
                long size = x.shape[2 + d];
                long output = (size + strides[d] - 1) / strides[d];
                long total = Math.Max(0, (output - 1) * strides[d] + (kernel[d] - 1) * dilations[d] + 1 - size);
                long small = total / 2;
                pads[d] = autoPad == "SAME_UPPER" ? small : total - small;
                pads[d + 2] = total - pads[d];
            }
            return pads;
        }
        if (autoPad == "VALID") return [0, 0, 0, 0];
        return a.Ints("pads") ?? [0, 0, 0, 0];
    }

    static bool Symmetric(long[] pads) => pads[0] == pads[2] && pads[1] == pads[3];

    /// <summary>Pads explicitly (PyTorch order: last dimension first).</summary>
    static Tensor PadExplicit(Tensor x, long[] pads, double value) =>
        F.pad(x, [pads[1], pads[3], pads[0], pads[2]], PaddingModes.Constant, value);

    static OnnxOperation Conv(Dictionary<string, AttributeProto> a, string label)
    {
        long groups = a.Int("group", 1);
        var strides = Pair(a.Ints("strides"), 1);
        var dilations = Pair(a.Ints("dilations"), 1);
        return x =>
        {
            var input = x[0]!;
            Require2d(input, label);
            var weight = x[1]!;
            var kernel = a.Ints("kernel_shape") ?? [weight.shape[2], weight.shape[3]];
            var pads = Pads(a, input, kernel, strides, dilations);
            if (Symmetric(pads))
                return [F.conv2d(input, weight, x.Length > 2 ? x[2] : null, strides, [pads[0], pads[1]], dilations, groups)];
            using var padded = PadExplicit(input, pads, 0);
            return [F.conv2d(padded, weight, x.Length > 2 ? x[2] : null, strides, [0L, 0L], dilations, groups)];
        };
    }

    // Inference mode: the stored running statistics normalise, also while fine-tuning.
    static OnnxOperation BatchNorm(Dictionary<string, AttributeProto> a)
    {
        double epsilon = a.Float("epsilon", 1e-5f);
        return x => [F.batch_norm(x[0]!, x[3]!, x[4]!, x[1]!, x[2]!, training: false, momentum: 0, eps: epsilon)];
    }

    static OnnxOperation LeakyRelu(Dictionary<string, AttributeProto> a)
    {
        double alpha = a.Float("alpha", 0.01f);
        return x => [ScalarArithmetic.LeakyRelu(x[0]!, alpha)];
    }

    static OnnxOperation MaxPool(Dictionary<string, AttributeProto> a, string label)
    {
        var kernel = a.Ints("kernel_shape") ?? throw new DissimNetException($"{label}: kernel_shape attribute missing");
        var strides = Pair(a.Ints("strides"), 1);
        var dilations = Pair(a.Ints("dilations"), 1);
        bool ceil = a.Int("ceil_mode", 0) != 0;
        return x =>
        {
            Require2d(x[0]!, label);
            var pads = Pads(a, x[0]!, kernel, strides, dilations);
            if (Symmetric(pads))
                return [F.max_pool2d(x[0]!, kernel, strides, [pads[0], pads[1]], dilations, ceil)];
            using var padded = PadExplicit(x[0]!, pads, double.NegativeInfinity);
            return [F.max_pool2d(padded, kernel, strides, [0L, 0L], dilations, ceil)];
        };
    }

    static OnnxOperation AveragePool(Dictionary<string, AttributeProto> a, string label)
    {
        var kernel = a.Ints("kernel_shape") ?? throw new DissimNetException($"{label}: kernel_shape attribute missing");
        var strides = Pair(a.Ints("strides"), 1);
        bool ceil = a.Int("ceil_mode", 0) != 0;
        bool countPad = a.Int("count_include_pad", 0) != 0;
        return x =>
        {
            var input = x[0]!;
            Require2d(input, label);
            var pads = Pads(a, input, kernel, strides, [1L, 1L]);
            if (Symmetric(pads))
                return [F.avg_pool2d(input, kernel, strides, [pads[0], pads[1]], ceil, countPad)];
            // Asymmetric: pad with zeros; without count_include_pad divide by the pooled count of real pixels.
            using var padded = PadExplicit(input, pads, 0);
            var sum = F.avg_pool2d(padded, kernel, strides, [0L, 0L], ceil, true);
            if (countPad) return [sum];
            using var ones = torch.ones(1, 1, input.shape[2], input.shape[3], dtype: input.dtype, device: input.device);
            using var mask = PadExplicit(ones, pads, 0);
            using var fraction = F.avg_pool2d(mask, kernel, strides, [0L, 0L], ceil, true);
            using (sum) return [sum / fraction];
        };
    }

    // Opset < 7 allowed broadcast=1 with an axis: align the second operand's dimensions at that axis.
    static OnnxOperation Binary(Dictionary<string, AttributeProto> a, string label, Func<Tensor, Tensor, Tensor> op)
    {
        long? axis = a.ContainsKey("axis") && a.Int("broadcast", 0) != 0 ? a.Int("axis", 0) : null;
        return x =>
        {
            var p = x[0]!;
            var q = x[1]!;
            if (axis is long ax && q.dim() < p.dim())
            {
                long start = ax < 0 ? ax + p.dim() : ax;
                var shape = new long[p.dim()];
                for (int i = 0; i < shape.Length; i++)
                    shape[i] = i >= start && i < start + q.dim() ? q.shape[i - start] : 1;
                using var aligned = q.reshape(shape);
                return [op(p, aligned)];
            }
            return [op(p, q)];
        };
    }

    static OnnxOperation Concat(Dictionary<string, AttributeProto> a)
    {
        long axis = a.Int("axis", 1);
        return x => [torch.cat(x.Where(t => t is not null).Select(t => t!).ToArray(), axis)];
    }

    static OnnxOperation Split(Dictionary<string, AttributeProto> a, int outputs, long opset)
    {
        long axis = a.Int("axis", 0);
        var splitAttribute = a.Ints("split");
        return x =>
        {
            var input = x[0]!;
            long[] sizes;
            if (splitAttribute is { Length: > 0 }) sizes = splitAttribute;
            else if (x.Length > 1 && x[1] is { } splitTensor) sizes = splitTensor.to_type(ScalarType.Int64).data<long>().ToArray();
            else
            {
                long dim = input.shape[axis < 0 ? axis + input.dim() : axis];
                long chunk = (dim + outputs - 1) / outputs;
                sizes = Enumerable.Range(0, outputs).Select(i => Math.Min(chunk, dim - i * chunk)).ToArray();
            }
            return input.split(sizes, axis).Select(t => t.contiguous()).ToArray();
        };
    }

    /// <summary>matmul with the inner dimensions checked first: TorchSharp 0.107's native matmul does not
    /// catch libtorch's shape error, which then aborts the whole process.</summary>
    static Tensor CheckedMatMul(Tensor left, Tensor right, string label)
    {
        long inner = left.shape[^1], other = right.dim() == 1 ? right.shape[0] : right.shape[^2];
        if (inner != other)
            throw new DissimNetException($"{label}: cannot multiply [{string.Join(", ", left.shape)}] by [{string.Join(", ", right.shape)}]");
        return torch.matmul(left, right);
    }

    static OnnxOperation Gemm(Dictionary<string, AttributeProto> a, string label)
    {
        double alpha = a.Float("alpha", 1f), beta = a.Float("beta", 1f);
        bool transA = a.Int("transA", 0) != 0, transB = a.Int("transB", 0) != 0;
        return x =>
        {
            using var scope = torch.NewDisposeScope();
            var left = transA ? x[0]!.t() : x[0]!;
            var right = transB ? x[1]!.t() : x[1]!;
            var product = CheckedMatMul(left, right, label);
            if (alpha != 1) product = ScalarArithmetic.Mul(product, alpha);
            if (x.Length > 2 && x[2] is { } c) product = ScalarArithmetic.Add(product, beta == 1 ? c : ScalarArithmetic.Mul(c, beta));
            return [product.MoveToOuterDisposeScope()];
        };
    }

    static OnnxOperation Flatten(Dictionary<string, AttributeProto> a)
    {
        long axis = a.Int("axis", 1);
        return x => [FlattenAt(x[0]!, axis)];
    }

    /// <summary>ONNX's 2-D view of a tensor: the dimensions before <paramref name="axis"/> (negative counts from the end) by those from it.</summary>
    static Tensor FlattenAt(Tensor input, long axis)
    {
        long ax = axis < 0 ? axis + input.dim() : axis;
        long outer = 1;
        for (int i = 0; i < ax; i++) outer *= input.shape[i];
        return input.reshape(outer, -1);
    }

    static OnnxOperation Reshape(Dictionary<string, AttributeProto> a, string label)
    {
        var shapeAttribute = a.Ints("shape");
        return x =>
        {
            var input = x[0]!;
            var shape = shapeAttribute ?? (x.Length > 1 && x[1] is { } s
                ? s.to_type(ScalarType.Int64).data<long>().ToArray()
                : throw new DissimNetException($"{label}: no target shape (neither a shape input nor attribute)"));
            shape = (long[])shape.Clone();
            for (int i = 0; i < shape.Length; i++)
                if (shape[i] == 0) shape[i] = input.shape[i];
            return [input.reshape(shape)];
        };
    }

    static OnnxOperation Transpose(Dictionary<string, AttributeProto> a)
    {
        var perm = a.Ints("perm");
        return x =>
        {
            var input = x[0]!;
            var order = perm ?? Enumerable.Range(0, (int)input.dim()).Reverse().Select(i => (long)i).ToArray();
            return [input.permute(order).contiguous()];
        };
    }

    static OnnxOperation Lrn(Dictionary<string, AttributeProto> a)
    {
        double alpha = a.Float("alpha", 1e-4f), beta = a.Float("beta", 0.75f), bias = a.Float("bias", 1f);
        long size = a.Int("size", 1);
        return x => [F.local_response_norm(x[0]!, size, alpha, beta, bias)];
    }

    // Before opset 13 Softmax flattened the input to 2-D at `axis` (default 1); from 13 it acts along one axis (default -1).
    static OnnxOperation Softmax(Dictionary<string, AttributeProto> a, long opset)
    {
        if (opset >= 13)
        {
            long axis = a.Int("axis", -1);
            return x => [F.softmax(x[0]!, axis)];
        }
        long legacyAxis = a.Int("axis", 1);
        return x =>
        {
            var input = x[0]!;
            using var flat = FlattenAt(input, legacyAxis);
            using var soft = F.softmax(flat, 1);
            return [soft.reshape(input.shape)];
        };
    }

    static OnnxOperation Constant(Dictionary<string, AttributeProto> a, string label)
    {
        if (!a.TryGetValue("value", out var value) || value.T is null)
            throw new DissimNetException($"{label}: only Constant nodes with a tensor 'value' attribute are supported");
        var constant = OnnxTensors.ToTorch(value.T, label);
        return _ => [constant.alias()];
    }
}
