using DissimNet.Networks;
using DissimNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

public class SiameseLossTests
{
    static (TinyConvNet Net, SiameseBatchStep Step, TrainingImageSet Set, Tensor Input) Setup(DissimilarityLoss loss, int images = 5)
    {
        var net = new TinyConvNet(seed: 11, ScalarType.Float64);
        var step = new SiameseBatchStep(net, ((ITappableNetwork)net).Resolve("conv3"), new TrainingSettings { TrainLayer = "conv3", Loss = loss });
        var rdm = TrainingFixtures.SubjectRdms(3, images, seed: 12);
        var set = new TrainingImageSet("s", TrainingFixtures.Images(images, 13), TargetPreparation.Prepare(rdm, TargetTransform.ZScoreMeg, "s"), "s");
        return (net, step, set, net.Preprocess(set.Images));
    }

    static TrainingBatch AllPairsAsPairBatch(TrainingImageSet set)
    {
        var pairs = new List<(int, int)>();
        for (int i = 0; i < set.Count; i++)
            for (int j = i + 1; j < set.Count; j++) pairs.Add((i, j));
        return new TrainingBatch(
            pairs.SelectMany(p => new[] { new ImageRef(0, p.Item1), new ImageRef(0, p.Item2) }).ToArray(),
            pairs.Select((_, k) => 2L * k).ToArray(), pairs.Select((_, k) => 2L * k + 1).ToArray(),
            pairs.Select(p => set.TargetOf(p.Item1, p.Item2)).ToArray());
    }

    /// <summary>The seed's loss written out independently: each image forwarded alone, Pearson r in plain doubles.</summary>
    static double SeedLoss(TinyConvNet net, TrainingImageSet set, Tensor input, DissimilarityLoss loss)
    {
        using var _ = no_grad();
        var features = Enumerable.Range(0, set.Count)
            .Select(i => net.Forward(input.narrow(0, i, 1), ["conv3"])["conv3"].flatten().data<double>().ToArray()).ToArray();
        var predicted = new List<double>();
        var observed = new List<double>();
        for (int i = 0; i < set.Count; i++)
            for (int j = i + 1; j < set.Count; j++)
            {
                predicted.Add(1 - PlainSpearmanScorer.Pearson(features[i], features[j]));
                observed.Add(set.TargetOf(i, j));
            }
        return loss == DissimilarityLoss.SquaredError
            ? predicted.Zip(observed, (p, o) => (p - o) * (p - o)).Average()
            : 1 - PlainSpearmanScorer.Pearson(predicted.ToArray(), observed.ToArray());
    }

    [Theory]
    [InlineData(DissimilarityLoss.SquaredError)]
    [InlineData(DissimilarityLoss.Correlation)]
    public void GradientThroughBothBranchesMatchesFiniteDifferencesOfSeedFormula(DissimilarityLoss loss)
    {
        var (net, step, set, input) = Setup(loss);
        var batch = AllPairsAsPairBatch(set);
        var value = step.Loss(batch, [input], null);
        Assert.Equal(SeedLoss(net, set, input, loss), value.item<double>(), 12);
        value.backward();

        const double h = 1e-6;
        var rng = new Random(3);
        foreach (var (name, parameter) in net.Module.named_parameters())
        {
            var grad = parameter.grad!.flatten().data<double>().ToArray();
            for (int probe = 0; probe < 3; probe++)
            {
                long k = rng.Next((int)parameter.numel());
                double original;
                using (no_grad()) original = parameter.flatten()[k].item<double>();
                double Perturbed(double delta)
                {
                    using (no_grad()) parameter.view(-1)[k] = original + delta;
                    return SeedLoss(net, set, input, loss);
                }
                double numeric = (Perturbed(h) - Perturbed(-h)) / (2 * h);
                Perturbed(0);
                Assert.True(Math.Abs(numeric - grad[k]) <= 1e-6 + 1e-5 * Math.Abs(numeric),
                    $"{name}[{k}]: autograd {grad[k]}, finite differences {numeric}");
            }
        }
    }

    [Theory]
    [InlineData(DissimilarityLoss.SquaredError)]
    [InlineData(DissimilarityLoss.Correlation)]
    [InlineData(DissimilarityLoss.Spearman)]
    public void ImageBatchingAndPairBatchingGiveTheSameLossForTheSamePairs(DissimilarityLoss loss)
    {
        var (_, step, set, input) = Setup(loss, images: 6);
        var imageBatch = EpochSchedule.Build([set], [Enumerable.Range(0, 6).ToArray()], Pairing.Images, 8, seed: 1, epoch: 1).Single();
        Assert.Equal(6, imageBatch.Inputs.Length);
        Assert.Equal(15, imageBatch.PairCount);
        // The same 15 pairs, in the image batch's order, each pair forwarding both of its images.
        var pairs = imageBatch.First.Zip(imageBatch.Second, (f, s) => (imageBatch.Inputs[f], imageBatch.Inputs[s])).ToArray();
        var pairBatch = new TrainingBatch(pairs.SelectMany(p => new[] { p.Item1, p.Item2 }).ToArray(),
            pairs.Select((_, k) => 2L * k).ToArray(), pairs.Select((_, k) => 2L * k + 1).ToArray(), imageBatch.Targets);
        double byImages = step.Loss(imageBatch, [input], null).item<double>();
        double byPairs = step.Loss(pairBatch, [input], null).item<double>();
        Assert.Equal(byPairs, byImages, 12);
        Assert.True(byImages > 0);
    }

    [Fact]
    public void EachStepMovesTheWeightsByItsOwnGradientOnly()
    {
        // The step drops the previous step's gradients: were they kept, the second step would move by eta (g1 + g2).
        var (net, step, set, input) = Setup(DissimilarityLoss.Correlation);
        var batch = AllPairsAsPairBatch(set);
        var trained = net.Module.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        const double eta = 0.05;
        using var optimizer = optim.SGD(trained.Select(p => p.parameter), eta);
        Assert.Null(step.Take(batch, [input], null, optimizer, trained).Problem);
        var loss = step.Loss(batch, [input], null);
        var expected = autograd.grad([loss], trained.Select(p => (Tensor)p.parameter).ToList());
        var before = trained.Select(p => p.parameter.detach().clone()).ToList();
        Assert.Null(step.Take(batch, [input], null, optimizer, trained).Problem);
        for (int k = 0; k < trained.Count; k++)
        {
            var moved = (trained[k].parameter.detach() - before[k]).flatten().data<double>().ToArray();
            var expectedMove = (-eta * expected[k]).flatten().data<double>().ToArray();
            Assert.True(expectedMove.Any(v => v != 0), trained[k].name);
            for (int i = 0; i < moved.Length; i++) Assert.Equal(expectedMove[i], moved[i], 12);
        }
    }

    [Fact]
    public void CorrelationDistanceOfAConstantRowIsOneNotNaN()
    {
        var features = tensor(new double[] { 0, 0, 0, 1, 2, 3 }).reshape(2, 3);
        var d = CorrelationDistance.Matrix(features).data<double>().ToArray();
        Assert.Equal(1.0, d[1], 12);
        Assert.Equal(0.0, d[3], 12);
    }
}
