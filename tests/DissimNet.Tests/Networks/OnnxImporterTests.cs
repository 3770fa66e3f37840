using DissimNet.Networks;
using DissimNet.Networks.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using static DissimNet.Tests.Networks.TinyOnnxGraphs;

namespace DissimNet.Tests.Networks;

/// <summary>The importer's operators against ONNX Runtime on a small graph, cut points, training, and errors.</summary>
public class OnnxImporterTests
{
    static readonly string[] Probe = ["c1", "n1", "r1", "l1", "p1", "s1", "s2", "c2", "k", "ak", "t", "d", "f", "g", "gi", "gd", "y"];

    /// <summary>A small CNN using most supported operators, including asymmetric pads, a split and a concat.</summary>
    static TinyOnnxGraphs SmallCnn() => new TinyOnnxGraphs("x", [1, 3, 12, 12])
        .Weight("w1", 6, 3, 3, 3).Weight("b1", 6)
        .Node("Conv", "conv_a", ["x", "w1", "b1"], ["c1"], Is("kernel_shape", 3, 3), Is("pads", 1, 1, 0, 0), Is("strides", 1, 1))
        .Weight("scale", 6).Weight("bias", 6).Weight("mean", 6)
        .Node("Mul", "square", ["mean", "mean"], ["var"])
        .Node("BatchNormalization", "bn", ["c1", "scale", "bias", "mean", "var"], ["n1"], F("epsilon", 1e-3f))
        .Node("Relu", "relu", ["n1"], ["r1"])
        .Node("LRN", "lrn", ["r1"], ["l1"], I("size", 3), F("alpha", 1e-2f), F("beta", 0.75f), F("bias", 2f))
        .Node("MaxPool", "pool", ["l1"], ["p1"], Is("kernel_shape", 3, 3), Is("strides", 2, 2), Is("pads", 1, 1, 0, 0))
        .Node("Split", "split", ["p1"], ["s1", "s2"], I("axis", 1), Is("split", 2, 4))
        .Weight("w2", 2, 2, 1, 1)
        .Node("Conv", "conv_b", ["s1", "w2"], ["c2"], Is("kernel_shape", 1, 1))
        .Node("Concat", "cat", ["c2", "s2"], ["k"], I("axis", 1))
        .Node("AveragePool", "avg", ["k"], ["ak"], Is("kernel_shape", 2, 2), Is("strides", 1, 1), Is("pads", 1, 1, 0, 0), I("count_include_pad", 0))
        .Node("Transpose", "flip", ["ak"], ["t"], Is("perm", 0, 1, 3, 2))
        .Node("Sub", "sub", ["t", "ak"], ["d"])
        .Node("Flatten", "flat", ["d"], ["f0"], I("axis", 1))
        .Ints("shape", 0, -1)
        .Node("Reshape", "reshape", ["f0", "shape"], ["f"])
        .Weight("wg", 4, 150).Weight("bg", 4)
        .Node("Gemm", "fc", ["f", "wg", "bg"], ["g"], I("transB", 1), F("alpha", 1.5f))
        .Node("Identity", "id", ["g"], ["gi"])
        .Node("Dropout", "drop", ["gi"], ["gd"])
        .Node("Softmax", "soft", ["gd"], ["y"], I("axis", 1))
        .Output("y");

    [Fact]
    public void EveryOperatorMatchesOnnxRuntime()
    {
        var path = SmallCnn().Save("small-cnn.onnx");
        using var graph = OnnxGraphModule.Load(path);
        using var network = new OnnxNetwork("small", graph, x => x);
        using var input = randn(1, 3, 12, 12, generator: new Generator(3));
        using var noGrad = no_grad();
        var outputs = network.Forward(input, Probe);
        using var oracle = new OnnxRuntimeOracle(path, Probe);
        var expected = oracle.Run(input.data<float>().ToArray(), [1, 3, 12, 12], Probe);
        foreach (var layer in Probe)
            EmbeddedResNet18OracleTests.AssertClose(expected[layer], outputs[layer].contiguous().data<float>().ToArray(), layer, 1e-5);
    }

    [Fact]
    public void CutPointsAreWhereNoBranchCrosses()
    {
        using var graph = OnnxGraphModule.Load(SmallCnn().Save("small-cut.onnx"));
        using var network = new OnnxNetwork("small", graph, x => x);
        Assert.True(network.IsCutPoint("p1"));
        Assert.False(network.IsCutPoint("s1"));   // s2 is still needed
        Assert.False(network.IsCutPoint("c2"));
        Assert.True(network.IsCutPoint("k"));
        Assert.True(network.IsCutPoint("ak"));
        Assert.False(network.IsCutPoint("t"));    // Sub still reads ak
        using var input = randn(2, 3, 12, 12, generator: new Generator(5));
        using var noGrad = no_grad();
        var full = network.Forward(input, ["k", "y"]);
        var resumed = network.ForwardFrom("k", full["k"], ["y"]);
        Assert.True(allclose(full["y"], resumed["y"], 1e-6, 1e-7));
        Assert.Throws<DissimNetException>(() => network.ForwardFrom("s1", full["k"], ["y"]));
    }

    [Fact]
    public void WeightsAreTrainableParametersAndStatisticsAreBuffers()
    {
        using var graph = OnnxGraphModule.Load(SmallCnn().Save("small-train.onnx"));
        using ITappableNetwork network = new OnnxNetwork("small", graph, x => x);
        var parameters = graph.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Equal(new HashSet<string> { "w1", "b1", "scale", "bias", "w2", "wg", "bg" }, parameters);
        Assert.Contains("mean", graph.named_buffers().Select(b => b.name));
        Assert.Equal(network.Layers.ToList().IndexOf("c1"), network.LayerIndexOfParameter("w1"));
        Assert.Equal(network.Layers.ToList().IndexOf("c2"), network.LayerIndexOfParameter("w2"));
        Assert.Equal(network.Layers.ToList().IndexOf("g"), network.LayerIndexOfParameter("bg"));

        using var input = randn(2, 3, 12, 12, generator: new Generator(9));
        var y = network.Forward(input, ["g"])["g"];
        y.pow(2).sum().backward();
        foreach (var (name, p) in graph.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"no gradient reached {name}");
    }

    [Fact]
    public void UnsupportedOperatorNamesOperatorAndNode()
    {
        var path = new TinyOnnxGraphs("x", [1, 3, 4, 4])
            .Node("Relu", "first", ["x"], ["r"])
            .Node("HardSwish", "odd_activation", ["r"], ["y"])
            .Output("y").Save("unsupported.onnx");
        var error = Assert.Throws<DissimNetException>(() => OnnxGraphModule.Load(path));
        Assert.Contains("HardSwish", error.Message);
        Assert.Contains("odd_activation", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void UnreadableFileIsReportedWithItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dissimnet-{Environment.ProcessId}-garbage.onnx");
        File.WriteAllBytes(path, [0xff, 0xff, 0xff, 0x01, 0x02]);
        var error = Assert.Throws<DissimNetException>(() => OnnxGraphModule.Load(path));
        Assert.Contains(path, error.Message);
    }
}
