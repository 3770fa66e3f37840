using DissimNet.Networks;
using DissimNet.Tests.Training;

namespace DissimNet.Tests.Networks;

/// <summary>Layer labels and name resolution through <see cref="ITappableNetwork.Names"/>, for any implementation.</summary>
public class LayerLabelsTests
{
    [Fact]
    public void AnyNetworkLabelsLayersWithTheirShortestOtherName()
    {
        // TinyConvNet is neither a StagedNetwork nor an OnnxNetwork: its aliases reach the label through the interface.
        using ITappableNetwork network = new TinyConvNet(seed: 1);
        Assert.Equal("conv3 (last)", network.Label("conv3"));
        Assert.Equal("last (conv3)", network.Label("last"));
        Assert.Equal("conv1", network.Label("conv1"));
    }

    [Fact]
    public void LayersAndResolveForwardToTheNames()
    {
        using ITappableNetwork network = new TinyConvNet(seed: 1);
        Assert.Equal(["conv1", "relu1", "conv2", "relu2", "pool2", "conv3"], network.Layers);
        Assert.Equal("conv3", network.Resolve("LAST"));
        var error = Assert.Throws<DissimNetException>(() => network.Resolve("conv9"));
        Assert.Contains("tiny: no layer named 'conv9'", error.Message);
    }
}
