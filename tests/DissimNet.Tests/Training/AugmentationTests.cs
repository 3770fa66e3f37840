using DissimNet.Networks;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

public sealed class AugmentationTests() : TempFolderTests("augment")
{
    static readonly string[] AllLayers = ["conv1", "relu1", "conv2", "relu2", "pool2", "conv3"];

    static Tensor Image(int seed, long height = 8, long width = 10)
    {
        var rng = new Random(seed);
        var values = new float[3 * height * width];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
        return tensor(values).reshape(3, height, width);
    }

    static float[] Values(Tensor t) => t.contiguous().to_type(ScalarType.Float32).data<float>().ToArray();

    static TrainingSettings Settings(Augmentation augment, string freeze = "upto:conv2", int epochs = 2, int seed = 3) =>
        SiameseTrainerTests.Settings(epochs, freeze, seed) with { WeightDecay = 0, Augment = augment, AugmentViews = 3 };

    TrainingSummary Train(string name, TrainingSettings settings, out TinyConvNet trained, TrainingData? data = null, bool resume = false,
        CancellationToken cancel = default, IProgressSink? progress = null, ScalarType dtype = ScalarType.Float32)
    {
        trained = new TinyConvNet(seed: 21, dtype);
        return new SiameseTrainer(trained, settings, new RsaScorer(), progress).Run(data ?? TrainingFixtures.TwoSets(), Path.Combine(TempRoot, name), resume, cancel);
    }

    static Dictionary<string, float[]> Parameters(TinyConvNet net) =>
        net.Module.named_parameters().ToDictionary(p => p.name, p => Values(p.parameter.detach()));

    [Fact]
    public void FlipMirrorsTheLastAxisAndFlippingTwiceIsTheIdentity()
    {
        var x = Image(1);
        var flipped = AugmentedViews.Flip(x);
        for (int w = 0; w < 10; w++) Assert.Equal(x[1, 2, 9 - w].item<float>(), flipped[1, 2, w].item<float>());
        Assert.Equal(Values(x), Values(AugmentedViews.Flip(flipped)));
    }

    [Fact]
    public void ResizedCropOfARampIsTheBilinearRampOfTheCrop()
    {
        // Every row is 0, 1, ..., 9; the crop keeps columns 2..5 and 4 rows, stretched back to 8 x 10.
        var ramp = arange(10, ScalarType.Float32).expand(3, 8, 10).contiguous();
        var view = AugmentedViews.ResizedCrop(ramp, 1, 2, 4, 4);
        Assert.Equal(new long[] { 3, 8, 10 }, view.shape);
        for (int j = 0; j < 10; j++)
        {
            // Output column j samples crop column (j + 0.5) * 4 / 10 - 0.5, clamped to [0, 3] (align_corners = false).
            double source = Math.Clamp((j + 0.5) * 0.4 - 0.5, 0, 3);
            Assert.Equal(2 + source, view[2, 5, j].item<float>(), 5);
        }
        Assert.Equal(Values(ramp), Values(AugmentedViews.ResizedCrop(ramp, 0, 0, 8, 10)));
    }

    [Theory]
    [InlineData(Augmentation.Crop)]
    [InlineData(Augmentation.CropFlip)]
    [InlineData(Augmentation.CropFlipColor)]
    public void CropViewsKeepTheInputSizeAndRepeatForTheSameSeed(Augmentation augmentation)
    {
        var x = Image(2);
        var a = TrainingViews.Draw(x, augmentation, 6, AugmentedViews.RandomFor(5, 0, 1, 0));
        var b = TrainingViews.Draw(x, augmentation, 6, AugmentedViews.RandomFor(5, 0, 1, 0));
        Assert.Equal(new long[] { 6, 3, 8, 10 }, a.shape);
        Assert.Equal(Values(a), Values(b));
        // Views of one image differ from each other, and another image's generator (or another seed) draws other views.
        Assert.NotEqual(Values(a[0]), Values(a[1]));
        Assert.NotEqual(Values(a), Values(TrainingViews.Draw(x, augmentation, 6, AugmentedViews.RandomFor(5, 0, 2, 0))));
        Assert.NotEqual(Values(a), Values(TrainingViews.Draw(x, augmentation, 6, AugmentedViews.RandomFor(6, 0, 1, 0))));
    }

    [Fact]
    public void FlipViewsAreTheImageOrItsMirrorAndJitterOnlyRescalesAroundTheMean()
    {
        var x = Image(3);
        var views = TrainingViews.Draw(x, Augmentation.Flip, 20, new Random(1));
        var kinds = Enumerable.Range(0, 20).Select(v => Values(views[v]).SequenceEqual(Values(x)) ? 0
            : Values(views[v]).SequenceEqual(Values(AugmentedViews.Flip(x))) ? 1 : -1).ToArray();
        Assert.DoesNotContain(-1, kinds);
        Assert.Contains(0, kinds);
        Assert.Contains(1, kinds);

        // Colour jitter is affine in the values: contrast c in [0.9, 1.1] keeps the view's correlation with the un-jittered view at 1.
        var rngA = new Random(7);
        var rngB = new Random(7);
        var jittered = Values(AugmentedViews.View(x, Augmentation.CropFlipColor, rngA)).Select(v => (double)v).ToArray();
        var plain = Values(AugmentedViews.View(x, Augmentation.CropFlip, rngB)).Select(v => (double)v).ToArray();
        Assert.Equal(1, PlainSpearmanScorer.Pearson(jittered, plain), 5);
        double sd(double[] v) { double m = v.Average(); return Math.Sqrt(v.Sum(e => (e - m) * (e - m))); }
        Assert.InRange(sd(jittered) / sd(plain), 0.9 - 1e-5, 1.1 + 1e-5);
    }

    [Fact]
    public void BatchesDrawOtherViewsInOtherEpochsAndBatchesAndTheSameOnRepeat()
    {
        var inputs = new List<Tensor> { stack([Image(1), Image(2), Image(3), Image(4)]) };
        var batch = new TrainingBatch([new(0, 0), new(0, 1), new(0, 2), new(0, 3)], [0, 2], [1, 3], [0.5, 0.5]);
        var views = TrainingViews.OnTheFly(Augmentation.CropFlip, seed: 2);
        var first = Values(views.Gather(batch, inputs, epoch: 1, batchIndex: 0));
        Assert.Equal(first, Values(views.Gather(batch, inputs, epoch: 1, batchIndex: 0)));
        Assert.NotEqual(first, Values(views.Gather(batch, inputs, epoch: 2, batchIndex: 0)));
        Assert.NotEqual(first, Values(views.Gather(batch, inputs, epoch: 1, batchIndex: 1)));

        // Cached: each image keeps its own V views (image i at rows i*V..), and a batch picks among them.
        using var net = new TinyConvNet(seed: 1);
        var cachedInputs = new List<Tensor> { inputs[0].clone() };
        var cached = TrainingViews.Cache(Augmentation.CropFlip, 3, 2, cachedInputs, x => x.clone());
        Assert.Equal(new long[] { 12, 3, 8, 10 }, cachedInputs[0].shape);
        var expected = TrainingViews.Draw(inputs[0][2], Augmentation.CropFlip, 3, AugmentedViews.RandomFor(2, 0, 2, 0));
        Assert.Equal(Values(expected), Values(cachedInputs[0].narrow(0, 6, 3)));
        var gathered = cached.Gather(batch, cachedInputs, 1, 0);
        for (int r = 0; r < 4; r++)
            Assert.Contains(Enumerable.Range(0, 3), v => Values(cachedInputs[0][r * 3 + v]).SequenceEqual(Values(gathered[r])));
    }

    [Theory]
    [InlineData("upto:conv2")] // cached views at the frozen prefix
    [InlineData("none")] // views on the fly
    public void SameSeedTrainsIdenticallyAnotherSeedAndNoAugmentationDoNot(string freeze)
    {
        var a = Train("a", Settings(Augmentation.CropFlipColor, freeze, epochs: 1), out var netA);
        var b = Train("b", Settings(Augmentation.CropFlipColor, freeze, epochs: 1), out var netB);
        var other = Train("c", Settings(Augmentation.CropFlipColor, freeze, epochs: 1, seed: 4), out var netC);
        var plain = Train("d", Settings(Augmentation.None, freeze, epochs: 1), out var netD);
        using (netA) using (netB) using (netC) using (netD)
        {
            Assert.Equal(SiameseTrainerTests.Numbers(a), SiameseTrainerTests.Numbers(b));
            Assert.Equal(Parameters(netA)["conv3.weight"], Parameters(netB)["conv3.weight"]);
            Assert.NotEqual(Parameters(netA)["conv3.weight"], Parameters(netC)["conv3.weight"]);
            Assert.NotEqual(a.Epochs[0].TrainLoss, plain.Epochs[0].TrainLoss);
            Assert.Equal(freeze == "none" ? null : "pool2", a.CachedPrefix);
        }
    }

    [Fact]
    public void ResumedAugmentedRunEqualsTheUninterruptedRun()
    {
        var settings = Settings(Augmentation.CropFlip, epochs: 3);
        var whole = Train("whole", settings, out var wholeNet);
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => Train("parts", settings, out var n, cancel: cancel.Token, progress: new CancelAtEpoch(3, cancel)));
        var resumed = Train("parts", settings, out var resumedNet, resume: true);
        using (wholeNet) using (resumedNet)
        {
            Assert.Equal(SiameseTrainerTests.Numbers(whole), SiameseTrainerTests.Numbers(resumed));
            Assert.Equal(Parameters(wholeNet)["conv3.weight"], Parameters(resumedNet)["conv3.weight"]);
        }
    }

    /// <summary>A regression anchor: the numbers of the trainer before augmentation existed (commit 0b8f513, float32 on an Intel
    /// Xeon's oneDNN kernels), which a run without augmentation must still give. Recorded float32 values carry that machine's
    /// rounding, so they are compared at the tolerances derived from the measured spread across convolution paths and CPUs
    /// (<see cref="PathTrajectory"/>); the float64 run of the same settings, which every machine computes alike, is held to
    /// the same anchor, so the anchor is checked even on a CPU whose float32 kernels are refused.</summary>
    [Theory]
    [InlineData("upto:conv2", 1.0224143775883099, 0.7764065644598954, -0.08482142857142859, -0.20624999999999996)]
    [InlineData("none", 0.8962832705074588, 0.6089828795944618, 0.42053571428571423, 0.25267857142857136)]
    public void NoAugmentationGivesTheNumbersOfTheTrainerBeforeAugmentation(string freeze, double loss1, double loss2, double conv3Epoch1, double conv3Epoch2)
    {
        var anchor = new PathTrajectory.Numbers("recorded", [loss1, loss2], [conv3Epoch1, conv3Epoch2]);
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var summary = Train($"none-{freeze.Replace(':', '-')}-{dtype}", Settings(Augmentation.None, freeze) with { AugmentViews = TrainingSettings.Defaults.AugmentViews }, out var net, dtype: dtype);
            net.Dispose();
            var numbers = new PathTrajectory.Numbers(dtype.ToString(), summary.Epochs.Select(e => e.TrainLoss).ToArray(), summary.Epochs.Select(e => e.Val["conv3"]).ToArray());
            PathTrajectory.AssertFollows(anchor, numbers, $"{dtype} against the recorded anchor");
        }
    }

    [Fact]
    public void ValidationAndTestRdmsOfAnAugmentedRunAreThoseOfTheUnchangedImages()
    {
        var data = TrainingData.WithTest(TrainingFixtures.TwoSets(), new("test", TrainingFixtures.Images(5, 8), TrainingFixtures.SubjectRdms(4, 5, 9), "test.mat: RDMs"), TargetTransform.ZScore);
        var summary = Train("held-out", Settings(Augmentation.CropFlipColor, "upto:conv2", epochs: 1), out var net, data);
        using (net)
        {
            var scorer = new RsaScorer();
            foreach (var (set, scores) in new[] { (data.Validation, summary.Epochs[0].Val), (data.Test!, summary.Epochs[0].Test!) })
            {
                var rdms = NetworkRdms.CorrelationRdms(net, set.Images, AllLayers);
                foreach (var layer in AllLayers) Assert.Equal(scorer.Score(rdms[layer], set.Subjects), scores[layer], 9);
            }
        }
    }

    [Fact]
    public void FlipAveragingIsTheRdmOfMeanFeaturesAndChangesNothingForMirrorSymmetricImages()
    {
        using var net = new TinyConvNet(seed: 9, ScalarType.Float64);
        var input = net.Preprocess(TrainingFixtures.Images(6, 2));
        using var averaged = new HeldOutLayerRdms(net, AllLayers, "relu1", input, batchSize: 4, averageFlip: true);
        var rdms = averaged.Rdms();
        using (no_grad())
            foreach (var layer in AllLayers)
            {
                var features = ((net.Forward(input, [layer])[layer] + net.Forward(AugmentedViews.Flip(input), [layer])[layer]) / 2).flatten(1);
                var rows = Enumerable.Range(0, 6).Select(i => features[i].data<double>().ToArray()).ToArray();
                for (int i = 0; i < 6; i++)
                    for (int j = i + 1; j < 6; j++) Assert.Equal(1 - PlainSpearmanScorer.Pearson(rows[i], rows[j]), rdms[layer][i, j], 10);
            }

        // Left-right symmetric images are their own mirror images: averaging changes no RDM.
        var symmetric = (input + AugmentedViews.Flip(input)) / 2;
        using var plain = new HeldOutLayerRdms(net, AllLayers, "relu1", symmetric, batchSize: 4);
        using var flipped = new HeldOutLayerRdms(net, AllLayers, null, symmetric, batchSize: 4, averageFlip: true);
        var p = plain.Rdms();
        var f = flipped.Rdms();
        foreach (var layer in AllLayers) Assert.Equal(p[layer].Vector.ToArray(), f[layer].Vector.ToArray(), (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void TrainingWithFlipTtaScoresValidationWithFlipAveragedFeatures()
    {
        var summary = Train("tta", Settings(Augmentation.None, epochs: 1) with { TestTimeAugmentation = TestTimeAugmentation.Flip }, out var net);
        using (net)
        {
            var data = TrainingFixtures.TwoSets();
            using var held = new HeldOutLayerRdms(net, AllLayers, null, net.Preprocess(data.Validation.Images), 16, averageFlip: true);
            var rdms = held.Rdms();
            var scorer = new RsaScorer();
            foreach (var layer in AllLayers) Assert.Equal(scorer.Score(rdms[layer], data.Validation.Subjects), summary.Epochs[0].Val[layer], 9);
        }
    }

    [Fact]
    public void SettingsRejectNoViewsAndParseTheCliNames()
    {
        Assert.Throws<SettingException>(() => (Settings(Augmentation.Crop) with { AugmentViews = 0 }).Validate());
        var augment = SettingDeclaration.Find("augment")!;
        Assert.Equal(Augmentation.CropFlipColor, augment.Parse("crop-flip-color"));
        Assert.Equal("crop-flip", augment.Format(Augmentation.CropFlip));
        Assert.Equal(["none", "flip", "crop", "crop-flip", "crop-flip-color"], augment.Choices);
        Assert.Throws<SettingException>(() => augment.Parse("rotate"));
        Assert.Equal(TestTimeAugmentation.Flip, SettingDeclaration.Find("tta")!.Parse("flip"));
    }

    sealed class CancelAtEpoch(int epoch, CancellationTokenSource cancel) : IProgressSink
    {
        public void Begin(string task, long total) { if (task.StartsWith($"epoch {epoch}/")) cancel.Cancel(); }
        public void Report(long done, string? detail = null) { }
        public void End() { }
        public void Note(string message) { }
    }
}
