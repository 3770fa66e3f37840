using DissimNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

public sealed class LayerRdmsTests() : TempFolderTests("layerrdms")
{
    string folder => TempRoot;

    [Fact]
    public void EqualsOneMinusPearsonOfEachImagesFeatures()
    {
        using var net = new TinyConvNet(seed: 4, ScalarType.Float64);
        var images = TrainingFixtures.Images(7, 5);
        var rdms = LayerRdms.Compute(net, images, ["conv2", "last"], batchSize: 3);
        Assert.Equal(["conv2", "conv3"], rdms.Keys);
        var input = net.Preprocess(images);
        var features = Enumerable.Range(0, 7)
            .Select(i => net.Forward(input.narrow(0, i, 1), ["conv3"])["conv3"].detach().flatten().data<double>().ToArray()).ToArray();
        for (int i = 0; i < 7; i++)
            for (int j = i + 1; j < 7; j++)
                Assert.Equal(1 - PlainSpearmanScorer.Pearson(features[i], features[j]), rdms["conv3"][i, j], 12);
    }

    [Fact]
    public void BestCheckpointReproducesTheBestScore()
    {
        var data = TrainingFixtures.TwoSets();
        var settings = new TrainingSettings { TrainLayer = "conv3", Epochs = 2, BatchSize = 6, LearningRate = 0.05, Seed = 1 };
        TrainingSummary summary;
        using (var net = new TinyConvNet(seed: 21))
            summary = new SiameseTrainer(net, settings, new RsaScorer()).Run(data, folder);
        using var fresh = new TinyConvNet(seed: 77);
        var loaded = new RunFolder(folder).LoadWeights(fresh.Module);
        var best = loaded.Best!;
        var rdm = LayerRdms.Compute(fresh, data.Validation.Images, [best.Layer])[best.Layer];
        Assert.Equal(best.Score, new RsaScorer().Score(rdm, data.Validation.Subjects), 6);
        Assert.Equal(summary.Best, best);
    }
}
