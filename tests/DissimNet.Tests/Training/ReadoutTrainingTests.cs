using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Training;
using DissimNet.Workflows;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>The read-out inside training: it changes nothing else, its weights are the NNLS fit of the training RDMs,
/// and predict rebuilds it from the saved weights.</summary>
// The predict test seeds torch's global generator before building networks, so no other test may draw from it meanwhile.
[Collection("Process-wide torch state")]
public sealed class ReadoutTrainingTests() : TempFolderTests("readout")
{
    static TrainingSettings Settings(ReadoutMethod readout, int epochs = 2) => new()
    {
        TrainLayer = "conv3", Epochs = epochs, BatchSize = 6, LearningRate = 0.05, Momentum = 0.9, Seed = 3, Readout = readout,
    };

    static TrainingSummary Train(string folder, TrainingSettings settings, TrainingData data, out Dictionary<string, double[]> parameters)
    {
        using var net = new TinyConvNet(seed: 21);
        var summary = new SiameseTrainer(net, settings, new RsaScorer()).Run(data, folder);
        parameters = net.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to_type(ScalarType.Float64).data<double>().ToArray());
        return summary;
    }

    /// <summary>Two training sets whose targets are 1 x RDM(a) + 0.5 x RDM(b) of <paramref name="network"/> as it starts, plus a little
    /// noise, so that the read-out has something to fit; the validation images of <see cref="TrainingFixtures.TwoSets"/>.</summary>
    static TrainingData RelatedData(ITappableNetwork network, string a, string b)
    {
        var rng = new Random(17);
        var sets = new List<TrainingImageSet>();
        foreach (var (name, count, seed) in new[] { ("a", 10, 1), ("b", 12, 3) })
        {
            var images = TrainingFixtures.Images(count, seed);
            var rdms = NetworkRdms.CorrelationRdms(network, images, [a, b]);
            var target = rdms[network.Resolve(a)].Vector.Zip(rdms[network.Resolve(b)].Vector, (x, y) => x + 0.5 * y + 0.05 * rng.NextDouble()).ToArray();
            sets.Add(new TrainingImageSet(name, images, SquareForm.ToSquare(target), $"{a} + 0.5 {b}"));
        }
        return TrainingFixtures.TwoSets() with { Sets = sets };
    }

    static TrainingData TinyRelatedData()
    {
        using var net = new TinyConvNet(seed: 21);
        return RelatedData(net, "conv1", "conv3");
    }

    [Fact]
    public void NoneLeavesEveryScoreAndWeightAsBeforeAndNnlsOnlyAddsTheReadout()
    {
        var none = Train(Path.Combine(TempRoot, "none"), Settings(ReadoutMethod.None, epochs: 1), TinyRelatedData(), out var noneParameters);
        var nnls = Train(Path.Combine(TempRoot, "nnls"), Settings(ReadoutMethod.Nnls, epochs: 1), TinyRelatedData(), out var nnlsParameters);

        Assert.DoesNotContain(LayerReadout.Name, none.Baseline.Keys);
        Assert.Null(none.BaselineReadout);
        Assert.DoesNotContain("readout\":", File.ReadAllText(new RunFolder(Path.Combine(TempRoot, "none")).MetricsPath));

        Assert.Equal(noneParameters, nnlsParameters);
        Assert.Equal(none.Baseline, nnls.Baseline.Where(kv => kv.Key != LayerReadout.Name).ToDictionary());
        for (int e = 0; e < none.Epochs.Count; e++)
        {
            Assert.Equal(none.Epochs[e].TrainLoss, nnls.Epochs[e].TrainLoss);
            Assert.Null(none.Epochs[e].Readout);
            Assert.Equal(none.Epochs[e].Val, nnls.Epochs[e].Val.Where(kv => kv.Key != LayerReadout.Name).ToDictionary());
            Assert.Equal(LayerReadout.Name, nnls.Epochs[e].Val.Keys.Last());
            Assert.NotNull(nnls.Epochs[e].Readout);
        }
        Assert.True(double.IsFinite(nnls.Baseline[LayerReadout.Name]));

        // The weights survive summary.json (what predict reads).
        var loaded = TrainingSummary.Load(new RunFolder(Path.Combine(TempRoot, "nnls")).SummaryPath);
        Assert.Equal(ReadoutMethod.Nnls, loaded.Settings!.Readout);
        Assert.Equal(nnls.Epochs[^1].Readout!.Weights, loaded.ReadoutOf(1)!.Weights);
        Assert.Equal(nnls.BaselineReadout!.Intercept, loaded.ReadoutOf(0)!.Intercept);
    }

    [Fact]
    public void ResumedReadoutRunEqualsTheUninterruptedOne()
    {
        var whole = Train(Path.Combine(TempRoot, "whole"), Settings(ReadoutMethod.Nnls, epochs: 2), TinyRelatedData(), out _);
        var parts = Path.Combine(TempRoot, "parts");
        using var cancel = new CancellationTokenSource();
        using (var net = new TinyConvNet(seed: 21))
            Assert.ThrowsAny<OperationCanceledException>(() => new SiameseTrainer(net, Settings(ReadoutMethod.Nnls, epochs: 2), new RsaScorer(), new CancelAtEpoch(2, cancel))
                .Run(TinyRelatedData(), parts, cancel: cancel.Token));
        TrainingSummary resumed;
        using (var net = new TinyConvNet(seed: 21))
            resumed = new SiameseTrainer(net, Settings(ReadoutMethod.Nnls, epochs: 2), new RsaScorer()).Run(TinyRelatedData(), parts, resume: true);
        Assert.Equal(whole.Epochs[^1].Val, resumed.Epochs[^1].Val);
        Assert.Equal(whole.Epochs[^1].Readout!.Weights, resumed.Epochs[^1].Readout!.Weights);
        Assert.Equal(whole.BaselineReadout!.Weights, resumed.BaselineReadout!.Weights);
        // Another read-out setting is another run.
        using var other = new TinyConvNet(seed: 21);
        Assert.Throws<DissimNetException>(() => new SiameseTrainer(other, Settings(ReadoutMethod.None, epochs: 2), new RsaScorer()).Run(TinyRelatedData(), parts, resume: true));
    }

    sealed class CancelAtEpoch(int epoch, CancellationTokenSource cancel) : IProgressSink
    {
        public void Begin(string task, long total) { if (task.StartsWith($"epoch {epoch}/")) cancel.Cancel(); }
        public void Report(long done, string? detail = null) { }
        public void End() { }
        public void Note(string message) { }
    }

    [Fact]
    public void BaselineWeightsMeetTheKktConditionsOnIndependentlyComputedTrainingRdms()
    {
        var data = TinyRelatedData();
        var summary = Train(Path.Combine(TempRoot, "kkt"), Settings(ReadoutMethod.Nnls, epochs: 0), data, out _);
        var readout = summary.BaselineReadout!;
        using var net = new TinyConvNet(seed: 21);
        var layers = readout.Weights.Keys.ToArray();
        var columns = layers.Select(_ => new List<double>()).ToArray();
        var target = new List<double>();
        foreach (var set in data.Sets)
        {
            var rdms = NetworkRdms.CorrelationRdms(net, set.Images, layers);
            for (int l = 0; l < layers.Length; l++) columns[l].AddRange(rdms[layers[l]].Vector);
            target.AddRange(SquareForm.ToVector(set.Target, set.Count));
        }
        var residual = target.Select((t, i) => t - readout.Intercept - layers.Select((l, j) => readout.Weights[l] * columns[j][i]).Sum()).ToArray();
        Assert.Equal(0, residual.Sum(), 6); // the free constant: residuals sum to zero
        for (int j = 0; j < layers.Length; j++)
        {
            if (readout.Excluded.Contains(layers[j])) continue;
            double gradient = columns[j].Zip(residual, (d, r) => d * r).Sum();
            if (readout.Weights[layers[j]] > 0) Assert.True(Math.Abs(gradient) < 1e-4, $"{layers[j]}: gradient {gradient} at a positive weight");
            else Assert.True(gradient < 1e-4, $"{layers[j]}: gradient {gradient} > 0 at weight 0");
        }
        Assert.Contains(readout.Weights.Values, w => w > 0);
    }

    [Fact]
    public void TargetTwiceOneLayerOfTheTinyNetworkRecoversWeightsTwoAndZero()
    {
        var images = TrainingFixtures.Images(9, 11);
        using (var net = new TinyConvNet(seed: 21))
        {
            var conv1 = NetworkRdms.CorrelationRdms(net, images, ["conv1"])["conv1"];
            var target = conv1.Vector.Select(v => 2 * v).ToArray();
            var validation = new ValidationSet(TrainingFixtures.Images(6, 5),
                TargetPreparation.PerSubject(TrainingFixtures.SubjectRdms(4, 6, 6), TargetTransform.ZScore, "val"), "val");
            var data = new TrainingData([new TrainingImageSet("a", images, SquareForm.ToSquare(target), "2 x conv1")], validation, null);
            var settings = Settings(ReadoutMethod.Nnls, epochs: 0) with { CandidateLayers = ["conv1", "conv3"] };
            var readout = new SiameseTrainer(net, settings, new RsaScorer()).Run(data, Path.Combine(TempRoot, "two")).BaselineReadout!;
            Assert.Equal(2, readout.Weights["conv1"], 4);
            Assert.Equal(0, readout.Weights["conv3"], 4);
            Assert.Equal(0, readout.Intercept, 4);
        }
    }

    [Fact]
    public void PredictOfAReadoutIsTheWeightedSumOfTheLayersRdmsAndExportRefusesIt()
    {
        var folder = Path.Combine(TempRoot, "resnet");
        var settings = new TrainingSettings
        {
            TrainLayer = "layer4", CandidateLayers = ["layer2", "layer4"], Epochs = 0, Seed = 5,
            Readout = ReadoutMethod.Nnls, Network = new NetworkSource("resnet18", null, 32),
        };
        // Seeded as TrainedRun seeds it, so that predict's epoch 0 is this very network.
        TorchSharp.torch.random.manual_seed(settings.Seed);
        using (var net = NetworkZoo.Create("resnet18", inputSize: 32))
            new SiameseTrainer(net, settings, new RsaScorer()).Run(RelatedData(net, "layer2", "layer4"), folder);
        var summary = new RunFolder(folder).ReadSummary();
        var readout = summary.ReadoutOf(0)!;
        Assert.Contains(readout.Weights.Values, w => w > 0);

        var pixels = TrainingFixtures.Images(5, 9);
        var images = new NdArray([5, 8, 8, 3], pixels.to_type(ScalarType.Float64).data<double>().ToArray());
        var predicted = TrainedRun.Rdm(folder, images, LayerReadout.Name, 0);
        Assert.Equal(LayerReadout.Name, predicted.Layer);
        var expected = new double[10];
        foreach (var (layer, weight) in readout.Weights)
        {
            var rdm = TrainedRun.Rdm(folder, images, layer, 0).Rdm;
            for (int k = 0; k < expected.Length; k++) expected[k] += weight * rdm.Vector[k];
        }
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k] + readout.Intercept, predicted.Rdm.Vector[k], 10);

        var error = Assert.Throws<DissimNetException>(() => RunExport.Write(folder, Path.Combine(TempRoot, "r.onnx"), ExportFormat.Onnx, LayerReadout.Name));
        Assert.Contains("read-out", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
