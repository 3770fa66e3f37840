using System.Text.Json;
using DissimNet.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>The optimizer, learning-rate schedule and early-stopping settings, each checked apart from the trainer.</summary>
public sealed class OptimizerSettingsTests
{
    static readonly double[] Start = [0.5, -1.0, 2.0];
    static readonly double[] Slope = [0.3, -2.0, 0.01]; // the gradient of sum(slope * w)

    /// <summary>Two steps of the optimizer the settings name on the loss sum(slope * w), in float64.</summary>
    static double[] TwoSteps(TrainingSettings settings)
    {
        var w = new Parameter(tensor(Start, dtype: ScalarType.Float64));
        var optimizer = TrainingOptimizers.Create([w], settings);
        var slope = tensor(Slope, dtype: ScalarType.Float64);
        for (int step = 0; step < 2; step++)
        {
            optimizer.zero_grad();
            (w * slope).sum().backward();
            optimizer.step();
        }
        return w.detach().data<double>().ToArray();
    }

    /// <summary>Adam's update written out from Kingma and Ba's algorithm: L2 decay in the gradient (adam) or a shrink of the weights (adamw).</summary>
    static double[] HandAdam(double lr, double decay, bool decoupled)
    {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var w = (double[])Start.Clone();
        var m = new double[w.Length];
        var v = new double[w.Length];
        for (int t = 1; t <= 2; t++)
            for (int i = 0; i < w.Length; i++)
            {
                double g = Slope[i] + (decoupled ? 0 : decay * w[i]);
                if (decoupled) w[i] *= 1 - lr * decay;
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(b1, t)), vHat = v[i] / (1 - Math.Pow(b2, t));
                w[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        return w;
    }

    static TrainingSettings With(OptimizerKind kind, double decay) =>
        new() { TrainLayer = "x", Optimizer = kind, LearningRate = 0.1, WeightDecay = decay };

    [Fact]
    public void AdamStepsMatchTheHandComputation()
    {
        var got = TwoSteps(With(OptimizerKind.Adam, 0.05));
        var expected = HandAdam(0.1, 0.05, decoupled: false);
        for (int i = 0; i < got.Length; i++) Assert.Equal(expected[i], got[i], 1e-12);
        // With a constant gradient and no decay, m̂ / sqrt(v̂) = sign(g): every step moves each weight by lr, whatever the gradient's size.
        var plain = TwoSteps(With(OptimizerKind.Adam, 0));
        for (int i = 0; i < plain.Length; i++) Assert.Equal(Start[i] - 0.2 * Math.Sign(Slope[i]), plain[i], 1e-6);
    }

    [Fact]
    public void AdamWShrinksTheWeightsInsteadOfAddingDecayToTheGradient()
    {
        var got = TwoSteps(With(OptimizerKind.AdamW, 0.05));
        var expected = HandAdam(0.1, 0.05, decoupled: true);
        for (int i = 0; i < got.Length; i++) Assert.Equal(expected[i], got[i], 1e-12);
        var coupled = HandAdam(0.1, 0.05, decoupled: false);
        Assert.True(Math.Abs(coupled[0] - got[0]) > 1e-4); // the two kinds of decay really differ here
    }

    [Fact]
    public void SgdStepIsPlainGradientDescentWithMomentum()
    {
        var got = TwoSteps(With(OptimizerKind.Sgd, 0) with { Momentum = 0.5 });
        // buffer b1 = g, b2 = 0.5 g + g: two steps move w by lr (g + 1.5 g).
        for (int i = 0; i < got.Length; i++) Assert.Equal(Start[i] - 0.1 * 2.5 * Slope[i], got[i], 1e-12);
    }

    [Fact]
    public void CosineRatesFollowHalfACosineFromTheBaseRate()
    {
        double lr = 0.2;
        Assert.Equal(lr, LearningRateSchedules.Rate(LearningRateSchedule.Cosine, lr, 1, 4), 1e-15);
        Assert.Equal(lr * (2 + Math.Sqrt(2)) / 4, LearningRateSchedules.Rate(LearningRateSchedule.Cosine, lr, 2, 4), 1e-15);
        Assert.Equal(lr / 2, LearningRateSchedules.Rate(LearningRateSchedule.Cosine, lr, 3, 4), 1e-15);
        Assert.Equal(lr * (2 - Math.Sqrt(2)) / 4, LearningRateSchedules.Rate(LearningRateSchedule.Cosine, lr, 4, 4), 1e-15);
        Assert.Equal(lr, LearningRateSchedules.Rate(LearningRateSchedule.Cosine, lr, 1, 1));
        Assert.All(Enumerable.Range(1, 5), e => Assert.Equal(lr, LearningRateSchedules.Rate(LearningRateSchedule.Constant, lr, e, 5)));
    }

    /// <summary>The epoch after which a run stops on the given validation scores (index 0 = the untrained network), or null.</summary>
    static int? StopEpoch(double[] scores, int? patience)
    {
        int bestEpoch = 0;
        for (int epoch = 1; epoch < scores.Length; epoch++)
        {
            if (scores[epoch] > scores[bestEpoch]) bestEpoch = epoch; // ties keep the earlier epoch, as the trainer's best does
            if (epoch < scores.Length - 1 && EarlyStopping.ShouldStop(epoch, bestEpoch, patience)) return epoch;
        }
        return null;
    }

    [Fact]
    public void PatienceStopsAfterThatManyEpochsWithoutImprovement()
    {
        double[] scores = [0.1, 0.2, 0.15, 0.25, 0.24, 0.25, 0.22, 0.9, 0.3];
        Assert.Equal(6, StopEpoch(scores, 3)); // best at 3; 4, 5 (a tie) and 6 do not improve
        Assert.Equal(2, StopEpoch(scores, 1));
        Assert.Null(StopEpoch(scores, 5));
        Assert.Null(StopEpoch(scores, null));
        Assert.Equal(2, StopEpoch([0.5, 0.4, 0.3, 0.9], 2)); // the untrained network can stay best
    }

    [Fact]
    public void NewSettingsValidateAndOldSummariesReadAsToday()
    {
        var ok = new TrainingSettings { TrainLayer = "x" };
        Assert.Equal((OptimizerKind.Sgd, LearningRateSchedule.Constant, 0.0, (int?)null), (ok.Optimizer, ok.LrSchedule, ok.L2Sp, ok.Patience));
        Assert.Contains("Patience", Assert.Throws<SettingException>(() => (ok with { Patience = 0 }).Validate()).Settings);
        Assert.Contains("L2Sp", Assert.Throws<SettingException>(() => (ok with { L2Sp = -1 }).Validate()).Settings);
        Assert.Contains("Momentum", Assert.Throws<SettingException>(() => (ok with { Optimizer = OptimizerKind.Adam, Momentum = 0.9 }).Validate()).Settings);
        Assert.Throws<SettingException>(() => SettingDeclaration.Find("optimizer")!.Parse("rmsprop"));

        var json = JsonSerializer.Serialize(ok with { Optimizer = OptimizerKind.AdamW, LrSchedule = LearningRateSchedule.Cosine }, TrainingSummary.Json);
        Assert.Contains("\"optimizer\": \"adamw\"", json);
        Assert.Contains("\"lr_schedule\": \"cosine\"", json);
        var old = JsonSerializer.Deserialize<TrainingSettings>("{\"train_layer\": \"x\", \"momentum\": 0.9}", TrainingSummary.Json)!;
        Assert.Equal(ok with { Momentum = 0.9 }, old);
    }
}
