using DissimNet.Networks;
using DissimNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

public sealed class BestCheckpointTests() : TempFolderTests("bestcheckpoint")
{
    string folder => TempRoot;

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
        var rdm = NetworkRdms.CorrelationRdms(fresh, data.Validation.Images, [best.Layer])[best.Layer];
        Assert.Equal(best.Score, new RsaScorer().Score(rdm, data.Validation.Subjects), 6);
        Assert.Equal(summary.Best, best);
    }
}
