using DissimNet.Networks;
using DissimNet.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks;

public sealed class NetworkRdmsFromTensorTests
{
    [Fact]
    public void EqualsOneMinusPearsonOfEachImagesFeatures()
    {
        using var net = new TinyConvNet(seed: 4, ScalarType.Float64);
        var images = TrainingFixtures.Images(7, 5);
        var rdms = NetworkRdms.CorrelationRdms(net, images, ["conv2", "last"], batchSize: 3);
        Assert.Equal(["conv2", "conv3"], rdms.Keys);
        var input = net.Preprocess(images);
        var features = Enumerable.Range(0, 7)
            .Select(i => net.Forward(input.narrow(0, i, 1), ["conv3"])["conv3"].detach().flatten().data<double>().ToArray()).ToArray();
        for (int i = 0; i < 7; i++)
            for (int j = i + 1; j < 7; j++)
                Assert.Equal(1 - PlainSpearmanScorer.Pearson(features[i], features[j]), rdms["conv3"][i, j], 12);
    }
}
