using DissimNet.Networks.Onnx;
using DissimNet.Tests.Networks;
using Google.Protobuf;
using Onnx;
using static DissimNet.Tests.Networks.TinyOnnxGraphs;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes the ONNX importer: the protobuf, initializers whose data disagree with their dims, and duplicate names.</summary>
[Collection("Fuzz")]
public sealed class OnnxFuzzTests
{
    static TinyOnnxGraphs Cnn() => new TinyOnnxGraphs("x", [1, 3, 8, 8])
        .Weight("w1", 4, 3, 3, 3).Weight("b1", 4)
        .Node("Conv", "conv", ["x", "w1", "b1"], ["c1"], Is("kernel_shape", 3, 3), Is("pads", 1, 1, 1, 1), Is("strides", 1, 1))
        .Node("Relu", "relu", ["c1"], ["r1"])
        .Node("GlobalAveragePool", "pool", ["r1"], ["p1"])
        .Node("Flatten", "flatten", ["p1"], ["f1"], I("axis", 1))
        .Weight("w2", 2, 4).Weight("b2", 2)
        .Node("Gemm", "fc", ["f1", "w2", "b2"], ["y"], I("transB", 1))
        .Output("y");

    static byte[] Bytes(TinyOnnxGraphs graph)
    {
        string path = graph.Save($"fuzz-{Guid.NewGuid():N}.onnx");
        try { return File.ReadAllBytes(path); }
        finally { File.Delete(path); }
    }

    /// <summary>The valid model with one change made to its parsed form.</summary>
    static (string, byte[]) Changed(string mutation, Action<ModelProto> change)
    {
        var model = ModelProto.Parser.ParseFrom(Bytes(Cnn()));
        change(model);
        return (mutation, model.ToByteArray());
    }

    static TensorProto Initializer(ModelProto m, string name) => m.Graph.Initializer.First(t => t.Name == name);

    internal static IReadOnlyList<FuzzSeed> Seeds() =>
    [
        new("cnn", Bytes(Cnn()), Crafted:
        [
            Changed("weight dims 46340 x 46340 over 108 values", m => { var t = Initializer(m, "w1"); t.Dims.Clear(); t.Dims.Add([46340, 46340]); }),
            Changed("weight dims 0 x 3 x 3 x 3", m => Initializer(m, "w1").Dims[0] = 0),
            Changed("weight dims -4 x 3 x 3 x 3", m => Initializer(m, "w1").Dims[0] = -4),
            Changed("weight dims larger than its data", m => Initializer(m, "w1").Dims[0] = 5),
            Changed("raw weight data of 7 bytes", m => { var t = Initializer(m, "b1"); t.FloatData.Clear(); t.RawData = ByteString.CopyFrom(new byte[7]); }),
            Changed("two initializers named w1", m => Initializer(m, "b1").Name = "w1"),
            Changed("two nodes writing c1", m => m.Graph.Node[1].Output[0] = "c1"),
            Changed("a node reading an unknown value", m => m.Graph.Node[1].Input[0] = "nowhere"),
            Changed("a node with no outputs", m => m.Graph.Node[1].Output.Clear()),
            Changed("Conv without a weight", m => m.Graph.Node[0].Input.RemoveAt(1)),
            Changed("kernel_shape of one value", m => m.Graph.Node[0].Attribute[0].Ints.RemoveAt(1)),
            Changed("strides of 0", m => { m.Graph.Node[0].Attribute[2].Ints[0] = 0; }),
            Changed("opset 9999", m => m.OpsetImport[0].Version = 9999),
            Changed("no graph", m => m.Graph = null),
        ]),
    ];

    [Fact]
    public void LoadNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("onnx", ".onnx", Seeds(), path =>
        {
            using var module = OnnxGraphModule.Load(path);
            return $"{module.InputName} -> {module.OutputName}: {string.Join(",", module.Layers)}; {module.parameters().Sum(p => p.numel())} weights";
        }, randomCases: 300);
}
