using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>Checks that a training run's losses and scores are numbers, naming the first that is not (a NaN must fail a test, not crash it).</summary>
static class TrainingAssert
{
    public static void AllFinite(TrainingSummary summary)
    {
        foreach (var (layer, score) in summary.Baseline) Assert.True(double.IsFinite(score), $"baseline score of {layer} is {score}");
        foreach (var epoch in summary.Epochs)
        {
            Assert.True(double.IsFinite(epoch.TrainLoss), $"epoch {epoch.Epoch} train loss is {epoch.TrainLoss}");
            foreach (var (layer, score) in epoch.Val) Assert.True(double.IsFinite(score), $"epoch {epoch.Epoch} score of {layer} is {score}");
        }
        if (summary.Best is { } best) Assert.True(double.IsFinite(best.Score), $"best score ({best.Layer}, epoch {best.Epoch}) is {best.Score}");
        if (summary.NoiseCeiling is { } c) Assert.True(double.IsFinite(c.Lower) && double.IsFinite(c.Upper), $"noise ceiling is {c.Lower} .. {c.Upper}");
    }
}
