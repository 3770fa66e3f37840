using System.Text.Json;
using DissimNet.Networks;
using DissimNet.Networks.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks;

/// <summary>TorchVision-named models: parameter names and shapes equal torchvision's; taps, cut points and resuming.</summary>
public class TorchVisionModelTests
{
    static ITappableNetwork SmallResNet() => NetworkZoo.TorchVision("resnet18", new ResNet18(numClasses: 5, widthDivisor: 16), m => m.Stages(), ResNet18.Aliases, 64);

    [Theory]
    [InlineData("alexnet")]
    [InlineData("vgg16")]
    [InlineData("resnet18")]
    public void StateDictKeysAndShapesEqualTorchvision(string architecture)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("torchvision_state_dict_shapes.json")));
        var expected = json.RootElement.GetProperty("models").GetProperty(architecture).EnumerateArray()
            .ToDictionary(e => e[0].GetString()!, e => string.Join("x", e[1].EnumerateArray().Select(d => d.GetInt64())));
        nn.Module module = architecture switch { "alexnet" => new AlexNet(), "vgg16" => new Vgg16(), _ => new ResNet18() };
        using (module)
        {
            var actual = module.state_dict().ToDictionary(kv => kv.Key, kv => string.Join("x", kv.Value.shape));
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (key, shape) in expected) Assert.Equal((key, shape), (key, actual[key]));
        }
    }

    [Fact]
    public void TapsEqualTheModulesOwnForwardAndResumeFromCutPoints()
    {
        using var network = SmallResNet();
        using var input = randn(2, 3, 64, 64, generator: new Generator(11));
        using var noGrad = no_grad();
        var whole = ((nn.Module<Tensor, Tensor>)network.Module).forward(input);
        var taps = network.Forward(input, ["relu", "layer2.0.conv1", "layer3", "fc"]);
        Assert.True(allclose(whole, taps["fc"], 1e-5, 1e-6));
        Assert.Equal(new long[] { 2, 16, 4, 4 }, taps["layer3"].shape);
        Assert.True(network.IsCutPoint("layer2.1"));
        Assert.True(network.IsCutPoint("layer3"));
        Assert.False(network.IsCutPoint("layer2.0.conv1"));
        var resumed = network.ForwardFrom("layer3", taps["layer3"], ["fc", "layer4.0.relu"]);
        Assert.True(allclose(whole, resumed["fc"], 1e-5, 1e-6));
        Assert.Throws<DissimNetException>(() => network.ForwardFrom("layer2.0.bn1", taps["layer3"], ["fc"]));
        Assert.Throws<DissimNetException>(() => network.ForwardFrom("layer3", taps["layer3"], ["relu"]));
    }

    [Fact]
    public void ParametersMapToTheFirstLayerThatUsesThem()
    {
        using var network = SmallResNet();
        int Index(string layer) => network.Layers.ToList().IndexOf(layer);
        Assert.Equal(Index("conv1"), network.LayerIndexOfParameter("conv1.weight"));
        Assert.Equal(Index("layer2.0.conv1"), network.LayerIndexOfParameter("layer2.0.conv1.weight"));
        Assert.Equal(Index("layer2.0.bn2"), network.LayerIndexOfParameter("layer2.0.bn2.bias"));
        Assert.Equal(Index("layer2.0"), network.LayerIndexOfParameter("layer2.0.downsample.0.weight"));
        Assert.Equal(Index("fc"), network.LayerIndexOfParameter("fc.bias"));
        Assert.Throws<DissimNetException>(() => network.LayerIndexOfParameter("layer9.weight"));
    }

    [Fact]
    public void AliasesResolveAndUnknownNamesListChoices()
    {
        using ITappableNetwork vgg = NetworkZoo.TorchVision("vgg16", new Vgg16(numClasses: 3, widthDivisor: 32), m => m.Stages(), new Vgg16(3, 32).Aliases, 32);
        Assert.Equal("features.27", vgg.Resolve("conv5_2"));
        Assert.Equal("features.30", vgg.Resolve("pool5"));
        Assert.Equal("classifier.4", vgg.Resolve("fc7"));
        using var resnet = SmallResNet();
        Assert.Equal("layer4.1", resnet.Resolve("layer4"));
        Assert.Equal("layer4.1", resnet.Resolve("layer4.1.relu_1"));
        var error = Assert.Throws<DissimNetException>(() => resnet.Resolve("layer5"));
        Assert.Contains("layer5", error.Message);
        Assert.Contains("`dissimnet layers` lists all", error.Message);
    }

    [Fact]
    public void UnrequestedActivationsAreNotKept()
    {
        using var network = SmallResNet();
        using var input = randn(1, 3, 64, 64, generator: new Generator(2));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var outputs = network.Forward(input, ["layer1.0.conv2", "maxpool"]);
        Assert.Equal(2, outputs.Count);
        Assert.Equal(2, scope.DisposablesCount);   // only the two requested outputs survive the pass
    }
}
