using Google.Protobuf;
using Onnx;

namespace DissimNet.Tests.Networks;

/// <summary>Builds small ONNX models in memory for importer tests.</summary>
internal sealed class TinyOnnxGraphs
{
    readonly ModelProto _model;
    readonly Random _random = new(7);

    public TinyOnnxGraphs(string input, long[] inputShape, long opset = 11)
    {
        _model = new ModelProto { IrVersion = 6, Graph = new GraphProto { Name = "tiny" } };
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        _model.Graph.Input.Add(ValueInfo(input, inputShape));
    }

    static ValueInfoProto ValueInfo(string name, long[]? shape)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float };
        if (shape is not null)
        {
            tensor.Shape = new TensorShapeProto();
            foreach (var d in shape) tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    public TinyOnnxGraphs Weight(string name, params long[] shape)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.Add(shape);
        long count = shape.Aggregate(1L, (p, d) => p * d);
        for (long i = 0; i < count; i++) t.FloatData.Add((float)(_random.NextDouble() * 2 - 1) * 0.5f);
        _model.Graph.Initializer.Add(t);
        return this;
    }

    public TinyOnnxGraphs Ints(string name, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.Add(values);
        _model.Graph.Initializer.Add(t);
        return this;
    }

    public TinyOnnxGraphs Node(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        _model.Graph.Node.Add(node);
        return this;
    }

    public TinyOnnxGraphs Output(string name)
    {
        _model.Graph.Output.Add(ValueInfo(name, null));
        return this;
    }

    public static AttributeProto I(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
    public static AttributeProto F(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };
    public static AttributeProto Is(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values);
        return a;
    }

    public string Save(string fileName)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dissimnet-{Environment.ProcessId}-{fileName}");
        File.WriteAllBytes(path, _model.ToByteArray());
        return path;
    }
}
