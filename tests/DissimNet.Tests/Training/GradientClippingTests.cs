using DissimNet.Networks;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>clip-grad-norm scales the whole gradient to the given 2-norm when it is larger, and leaves it alone otherwise:
/// checked against the gradient autograd gives for the same batch, in float64.</summary>
public class GradientClippingTests
{
    /// <summary>How far one plain SGD step (rate 1) with <paramref name="clip"/> moves each parameter, from the same start,
    /// and the unclipped gradient of that start.</summary>
    static (double[][] Moves, double[][] Gradient) Step(double? clip)
    {
        var net = new TinyConvNet(seed: 21, ScalarType.Float64);
        var rdm = TrainingFixtures.SubjectRdms(3, 6, seed: 22);
        var set = new TrainingImageSet("s", TrainingFixtures.Images(6, 23), TargetPreparation.Prepare(rdm, TargetTransform.ZScore, "s"), "s");
        var input = net.Preprocess(set.Images);
        var refs = Enumerable.Range(0, 6).Select(i => new ImageRef(0, i)).ToArray();
        var pairs = (from i in Enumerable.Range(0, 6) from j in Enumerable.Range(i + 1, 5 - i) select (i, j)).ToArray();
        var batch = new TrainingBatch(refs, pairs.Select(p => (long)p.i).ToArray(), pairs.Select(p => (long)p.j).ToArray(),
            pairs.Select(p => set.TargetOf(p.i, p.j)).ToArray());
        var settings = new TrainingSettings { TrainLayer = "conv3", ClipGradNorm = clip };
        var step = new SiameseBatchStep(net, ((ITappableNetwork)net).Resolve("conv3"), settings);
        var trained = net.Module.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        var gradient = autograd.grad([step.Loss(batch, [input], null)], trained.Select(p => (Tensor)p.parameter).ToList())
            .Select(g => g.flatten().data<double>().ToArray()).ToArray();
        var before = trained.Select(p => p.parameter.detach().clone()).ToList();
        using var optimizer = optim.SGD(trained.Select(p => p.parameter), 1.0);
        Assert.Null(step.Take(batch, [input], null, optimizer, trained).Problem);
        var moves = trained.Select((p, k) => (p.parameter.detach() - before[k]).flatten().data<double>().ToArray()).ToArray();
        net.Dispose();
        return (moves, gradient);
    }

    static double Norm(double[][] g) => Math.Sqrt(g.Sum(a => a.Sum(v => v * v)));

    [Fact]
    public void ALargerGradientIsScaledToTheNormAndASmallerOneIsLeftAlone()
    {
        var (plain, gradient) = Step(null);
        double norm = Norm(gradient);
        Assert.True(norm > 0);
        for (int k = 0; k < plain.Length; k++)
            for (int i = 0; i < plain[k].Length; i++) Assert.Equal(-gradient[k][i], plain[k][i], 12);

        var (halved, _) = Step(norm / 2);
        Assert.Equal(norm / 2 * norm / (norm + 1e-6), Norm(halved), 10); // PyTorch scales by max / (norm + 1e-6)
        for (int k = 0; k < plain.Length; k++)
            for (int i = 0; i < plain[k].Length; i++) Assert.Equal(plain[k][i] * (norm / 2) / (norm + 1e-6), halved[k][i], 12);

        var (untouched, _) = Step(norm * 10);
        for (int k = 0; k < plain.Length; k++)
            for (int i = 0; i < plain[k].Length; i++) Assert.Equal(plain[k][i], untouched[k][i], 12);
    }

    [Fact]
    public void TheSettingIsAnOptionWithItsCheck()
    {
        var setting = SettingDeclaration.Find("clip-grad-norm")!;
        Assert.Null(setting.Parse("none"));
        Assert.Equal(1.5, setting.Parse("1.5"));
        Assert.Throws<SettingException>(() => setting.Parse("0"));
        Assert.Equal(0.25, TrainRequestResolver.Resolve(new TrainRequest { Settings = SettingOverlay.Parse(("clip-grad-norm", "0.25")) }).Settings.ClipGradNorm);
    }
}
