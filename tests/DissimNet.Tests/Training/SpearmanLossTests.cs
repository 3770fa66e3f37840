using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

public class SpearmanLossTests
{
    static double Loss(double[] predicted, double[] observed, double relativeTemperature = SpearmanLoss.RelativeTemperature) =>
        SpearmanLoss.Compute(tensor(predicted), tensor(observed), relativeTemperature).item<double>();

    [Fact]
    public void SmallTemperatureGivesOneMinusExactSpearmanOfAHandExample()
    {
        // Ranks of predicted: 2 1 4 3 5; of observed: 1 2 3 4 5. d = 1 -1 1 -1 0, sum d^2 = 4,
        // Spearman = 1 - 6 * 4 / (5 * 24) = 0.8.
        double[] predicted = [0.3, 0.1, 0.9, 0.5, 1.4];
        double[] observed = [-2, -1, 0, 7, 8];
        Assert.Equal(0.2, Loss(predicted, observed, 1e-4), 10);
        // The default temperature smooths: close but not equal.
        Assert.InRange(Loss(predicted, observed), 0.15, 0.3);
    }

    [Fact]
    public void TiedObservedValuesGetAverageRanks()
    {
        var ranks = SpearmanLoss.ExactRanks(tensor(new double[] { 5, 1, 5, 3 })).data<double>().ToArray();
        Assert.Equal([3.5, 1, 3.5, 2], ranks);
    }

    [Fact]
    public void LossIsInvariantToMonotoneTransformsOfObservedValues()
    {
        var rng = new Random(4);
        double[] predicted = Enumerable.Range(0, 30).Select(_ => rng.NextDouble()).ToArray();
        double[] observed = predicted.Select(p => p + 0.3 * rng.NextDouble()).ToArray();
        double loss = Loss(predicted, observed);
        Assert.Equal(loss, Loss(predicted, observed.Select(o => Math.Exp(3 * o) - 10).ToArray()), 12);
        Assert.Equal(loss, Loss(predicted, observed.Select(o => Math.Pow(o + 1, 5)).ToArray()), 12);
        Assert.InRange(loss, 1e-3, 1);
    }

    [Fact]
    public void GradientMatchesFiniteDifferencesInFloat64()
    {
        var rng = new Random(5);
        double[] values = Enumerable.Range(0, 12).Select(_ => rng.NextDouble()).ToArray();
        double[] observed = Enumerable.Range(0, 12).Select(_ => rng.NextDouble()).ToArray();
        var x = tensor(values).requires_grad_();
        SpearmanLoss.Compute(x, tensor(observed), SpearmanLoss.RelativeTemperature).backward();
        var grad = x.grad!.data<double>().ToArray();
        Assert.Contains(grad, g => Math.Abs(g) > 1e-3);
        const double h = 1e-6;
        for (int k = 0; k < values.Length; k++)
        {
            double Perturbed(double delta) => Loss(values.Select((v, i) => i == k ? v + delta : v).ToArray(), observed);
            double numeric = (Perturbed(h) - Perturbed(-h)) / (2 * h);
            Assert.True(Math.Abs(numeric - grad[k]) <= 1e-7 + 1e-5 * Math.Abs(numeric), $"[{k}]: autograd {grad[k]}, finite differences {numeric}");
        }
    }

    [Fact]
    public void ConstantPredictionsGiveLossOneAndFiniteGradient()
    {
        var x = tensor(new double[] { 0.5, 0.5, 0.5 }).requires_grad_();
        var loss = SpearmanLoss.Compute(x, tensor(new double[] { 1, 2, 3 }), SpearmanLoss.RelativeTemperature);
        Assert.Equal(1.0, loss.item<double>(), 12);
        loss.backward();
        Assert.All(x.grad!.data<double>().ToArray(), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void FewerThanTwoPairsIsRejectedNamingTheBatchSize()
    {
        var e = Assert.Throws<SettingException>(() => DissimilarityLosses.Compute(DissimilarityLoss.Spearman, tensor(new double[] { 1 }), tensor(new double[] { 2 })));
        Assert.Contains("spearman loss needs at least 2 pairs", e.Message);
    }

    [Fact]
    public void NameAndParseRoundTrip()
    {
        var loss = SettingDeclaration.Find("loss")!;
        Assert.Equal(DissimilarityLoss.Spearman, loss.Parse(" Spearman "));
        Assert.Equal("spearman", loss.Format(DissimilarityLoss.Spearman));
        Assert.Equal(DissimilarityLoss.SquaredError, loss.Parse("mse"));
        Assert.Equal(DissimilarityLoss.SquaredError, loss.Parse("squared-error")); // summary.json's spelling
        Assert.Contains("spearman", Assert.Throws<SettingException>(() => loss.Parse("kendall")).Message);
    }
}
