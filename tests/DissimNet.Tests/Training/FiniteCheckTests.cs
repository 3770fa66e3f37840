using DissimNet.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>The per-batch check finds NaN or infinity in the loss or any gradient, and only there.</summary>
public sealed class FiniteCheckTests
{
    static (string Name, Parameter Parameter)[] Weights(params float[] values) => [("w", new Parameter(tensor(values)))];

    static NonFiniteValue? AfterBackward((string Name, Parameter Parameter)[] weights, Func<Tensor, Tensor> loss)
    {
        var value = loss(weights[0].Parameter);
        value.backward();
        return FiniteCheck.LossAndGradients(value.ToDouble(), weights);
    }

    [Fact]
    public void FiniteLossAndGradientsPass() =>
        Assert.Null(AfterBackward(Weights(1, 2), w => (w * w).sum()));

    [Fact]
    public void ANonFiniteLossIsNamedWithItsValue()
    {
        Assert.Equal(new NonFiniteValue("the loss", "is NaN"), AfterBackward(Weights(1, 2), w => (w * float.NaN).sum()));
        Assert.Equal(new NonFiniteValue("the loss", "is -Inf"), AfterBackward(Weights(1, 2), w => w.sum() + float.NegativeInfinity));
    }

    [Fact]
    public void AnInfiniteGradientIsNamedWhenTheLossIsFinite()
    {
        // d sqrt(w) / dw is infinite at 0 while sqrt(0) + sqrt(1) = 1.
        var weights = new[] { ("conv1.bias", new Parameter(tensor(new float[] { 3 }))), ("conv1.weight", new Parameter(tensor(new float[] { 0, 1 }))) };
        var loss = weights[0].Item2.sum() * 0 + weights[1].Item2.sqrt().sum();
        loss.backward();
        Assert.Equal(new NonFiniteValue("the gradient of conv1.weight", "holds Inf"), FiniteCheck.LossAndGradients(loss.ToDouble(), weights));
    }

    [Fact]
    public void LargeFiniteGradientsWhoseSumOverflowsPass()
    {
        // Each gradient is 3e38 (finite in float32), their float32 sum is not: the exact re-check must clear them.
        Assert.Null(AfterBackward(Weights(0, 0), w => (w * 3e38f).sum()));
    }

    [Fact]
    public void NonFiniteWeightsAreNamed()
    {
        Assert.Null(FiniteCheck.Weights(Weights(1, 2)));
        Assert.Equal(new NonFiniteValue("the weight w", "holds Inf"), FiniteCheck.Weights(Weights(1, float.PositiveInfinity)));
        Assert.Equal(new NonFiniteValue("the weight w", "holds NaN"), FiniteCheck.Weights(Weights(float.NaN, float.PositiveInfinity)));
    }
}
