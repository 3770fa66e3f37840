using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks.Export;

/// <summary>Small constructors for the ONNX protobuf messages an export writes: nodes, attributes, tensors, value infos.</summary>
internal static class OnnxProtoBuilder
{
    /// <summary>A node; <paramref name="name"/> is also its label in viewers.</summary>
    public static NodeProto Node(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>An integer-list attribute.</summary>
    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A tensor's values as an initializer of ONNX type <paramref name="type"/> (float, double, int32 or int64), copied to the CPU.</summary>
    public static TensorProto Tensor(string name, Tensor value, TensorProto.Types.DataType type = TensorProto.Types.DataType.Float)
    {
        var scalar = type switch
        {
            TensorProto.Types.DataType.Float => ScalarType.Float32,
            TensorProto.Types.DataType.Double => ScalarType.Float64,
            TensorProto.Types.DataType.Int64 => ScalarType.Int64,
            TensorProto.Types.DataType.Int32 => ScalarType.Int32,
            _ => throw new DissimNetException($"ONNX export: tensor '{name}' would need ONNX data type {type}; supported: float, double, int32, int64"),
        };
        using var cpu = value.detach().to(CPU).to_type(scalar).contiguous();
        var proto = new TensorProto { Name = name, DataType = (int)type };
        proto.Dims.AddRange(cpu.shape);
        proto.RawData = ByteString.CopyFrom(cpu.bytes);
        return proto;
    }

    /// <summary>A float tensor initializer from values.</summary>
    public static TensorProto Floats(string name, float[] values, params long[] shape)
    {
        using var t = torch.tensor(values, shape, device: CPU);
        return Tensor(name, t);
    }

    /// <summary>A float tensor's type with the given dimensions (a string is a symbolic dimension, e.g. the batch size).</summary>
    public static ValueInfoProto FloatValue(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim) });
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float };
        if (dims.Length > 0) tensorType.Shape = shape;
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    /// <summary>Nodes for TorchVision's normalisation of 0..255 RGB: (x / 255 - mean) / std per channel, as DissimNet computes it.</summary>
    public static (IEnumerable<NodeProto> Nodes, IEnumerable<TensorProto> Initializers) ImageNetNormalization(string input, string output)
    {
        var nodes = new[]
        {
            Node("Div", "preprocess/scale", [input, "preprocess/255"], ["preprocess/scaled"]),
            Node("Sub", "preprocess/center", ["preprocess/scaled", "preprocess/mean"], ["preprocess/centered"]),
            Node("Div", "preprocess/normalize", ["preprocess/centered", "preprocess/std"], [output]),
        };
        var initializers = new[]
        {
            Floats("preprocess/255", [255f]),
            Floats("preprocess/mean", ImagePreprocessing.ImageNetMean, 1, 3, 1, 1),
            Floats("preprocess/std", ImagePreprocessing.ImageNetStd, 1, 3, 1, 1),
        };
        return (nodes, initializers);
    }
}
