using DissimNet.Networks;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

public sealed class HeldOutLayerRdmsTests
{
    static readonly string[] AllLayers = ["conv1", "relu1", "conv2", "relu2", "pool2", "conv3"];

    /// <summary>1 - Pearson r of each image's features, every image forwarded alone through the whole network, in plain doubles.</summary>
    static double[,] Oracle(ITappableNetwork net, Tensor input, string layer)
    {
        int n = (int)input.shape[0];
        using var _ = no_grad();
        var features = Enumerable.Range(0, n)
            .Select(i => net.Forward(input.narrow(0, i, 1), [layer])[layer].detach().flatten().to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();
        var d = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) d[i, j] = i == j ? 0 : 1 - PlainSpearmanScorer.Pearson(features[i], features[j]);
        return d;
    }

    static void AssertMatchesOracle(ITappableNetwork net, Tensor input, Dictionary<string, DissimNet.Rdms.Rdm> rdms, int digits)
    {
        Assert.Equal(AllLayers, rdms.Keys);
        foreach (var layer in AllLayers)
        {
            var expected = Oracle(net, input, layer);
            for (int i = 0; i < input.shape[0]; i++)
                for (int j = i + 1; j < input.shape[0]; j++) Assert.Equal(expected[i, j], rdms[layer][i, j], digits);
        }
    }

    [Fact]
    public void CachedPrefixGivesTheFullForwardPassRdmAtEveryLayerBeforeAndAfterTheWeightsChange()
    {
        using var net = new TinyConvNet(seed: 4, ScalarType.Float64);
        var input = net.Preprocess(TrainingFixtures.Images(7, 5));
        // A budget of one byte puts every layer in its own pass; chunks of 3 leave a partial last chunk.
        using var cached = new HeldOutLayerRdms(net, AllLayers, "relu2", input, batchSize: 3, memoryBudgetBytes: 1);
        Assert.Equal(["conv1", "relu1", "conv2", "relu2"], cached.FrozenLayers);
        AssertMatchesOracle(net, input, cached.Rdms(), 12);

        // Training changes only what follows the cut; the cached RDMs must follow the new weights there.
        using (no_grad())
            foreach (var (name, p) in net.Module.named_parameters())
                if (name.StartsWith("conv3")) p.mul_(-0.5).add_(0.1);
        AssertMatchesOracle(net, input, cached.Rdms(), 12);
    }

    [Fact]
    public void SinglePrecisionCachedAndUncachedAgreeWithTheWholeNetworkRdms()
    {
        using var net = new TinyConvNet(seed: 9);
        var images = TrainingFixtures.Images(9, 2);
        var input = net.Preprocess(images);
        using var cached = new HeldOutLayerRdms(net, AllLayers, "relu1", input, batchSize: 4);
        using var uncached = new HeldOutLayerRdms(net, AllLayers, null, input, batchSize: 2, memoryBudgetBytes: 1000);
        var reference = NetworkRdms.CorrelationRdms(net, images, AllLayers, batchSize: 16);
        var a = cached.Rdms();
        var b = uncached.Rdms();
        foreach (var layer in AllLayers)
            for (int i = 0; i < 9; i++)
                for (int j = i + 1; j < 9; j++)
                {
                    Assert.Equal(reference[layer][i, j], a[layer][i, j], 6);
                    Assert.Equal(reference[layer][i, j], b[layer][i, j], 6);
                }
    }
}
