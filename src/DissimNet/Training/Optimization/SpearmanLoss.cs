using DissimNet.Networks.Runtime;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>The Spearman loss: 1 - Pearson r between soft ranks of the predicted dissimilarities and the exact (average, for ties)
/// ranks of the observed ones over a batch's pairs.</summary>
/// <remarks>
/// The soft rank of x_i is 0.5 + sum_j sigmoid((x_i - x_j) / tau), summed over all j (j = i adds 0.5), so it tends to the exact
/// rank 1 + #{j : x_j &lt; x_i} as tau shrinks; it costs O(P^2) for P pairs (496 for 32 images). The observed ranks are constants,
/// so the loss depends on the targets only through their order.
/// </remarks>
internal static class SpearmanLoss
{
    /// <summary>tau as a fraction of the predicted dissimilarities' standard deviation over the batch.</summary>
    /// <remarks>Relative, so the loss depends only on the standardised predictions (like the correlation loss, it is blind to their
    /// scale and offset) and tau is not differentiated around: the gradient is the exact one of that function, and it never asks the
    /// network to stretch its dissimilarities just to sharpen the sigmoids. 0.1 standard deviations spans about the 10 nearest of
    /// 496 values (whose sorted neighbours lie about 0.01 standard deviations apart), so the ranks are close to exact while every
    /// pair within a few tau of another still gets a gradient; a tau small enough for exact ranks would give almost none.</remarks>
    public const double RelativeTemperature = 0.1;

    /// <summary>The loss of <paramref name="predicted"/> against <paramref name="observed"/> (vectors of equal length) with
    /// tau = <paramref name="relativeTemperature"/> times the predicted values' standard deviation.</summary>
    public static Tensor Compute(Tensor predicted, Tensor observed, double relativeTemperature)
    {
        DissimilarityLosses.RequirePairs(predicted, "spearman");
        // var clamped before the square root: constant predictions would otherwise give 0 / 0 in the gradient of the standard deviation.
        var tau = ScalarArithmetic.Mul(ScalarArithmetic.ClampMin(predicted.var(), 1e-24).sqrt(), relativeTemperature);
        var soft = SoftRanks(predicted, tau);
        Tensor ranks;
        using (no_grad()) ranks = ExactRanks(observed).to(soft.dtype);
        return ScalarArithmetic.Rsub(DissimilarityLosses.Pearson(soft, ranks), 1);
    }

    /// <summary>0.5 + sum_j sigmoid((x_i - x_j) / tau) for every i.</summary>
    internal static Tensor SoftRanks(Tensor x, Tensor tau) =>
        ScalarArithmetic.Add(((x.unsqueeze(1) - x.unsqueeze(0)) / tau).sigmoid().sum(1), 0.5);

    /// <summary>1-based ranks, ties sharing the average of their ranks: 1 + #{x_j &lt; x_i} + (#{x_j = x_i} - 1) / 2.</summary>
    internal static Tensor ExactRanks(Tensor x)
    {
        var column = x.unsqueeze(1);
        var row = x.unsqueeze(0);
        var less = (row < column).to(ScalarType.Float64).sum(1);
        var equal = (row == column).to(ScalarType.Float64).sum(1);
        return ScalarArithmetic.Add(less, ScalarArithmetic.Mul(ScalarArithmetic.Add(equal, 1), 0.5));
    }
}
