using DissimNet.Networks.Runtime;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>How predicted dissimilarities are compared with observed ones over a batch's pairs.</summary>
public enum DissimilarityLoss
{
    /// <summary>Mean of (d_pred - d_obs)^2: the Algonauts 2019 Siamese loss.</summary>
    [SettingValue("mse")] SquaredError,

    /// <summary>1 - Pearson r between predicted and observed dissimilarities: blind to the targets' scale and offset.</summary>
    Correlation,

    /// <summary>1 - Pearson r between soft ranks of the predicted and exact ranks of the observed dissimilarities: a differentiable
    /// 1 - Spearman, blind to any monotone transform of the targets.</summary>
    Spearman,
}

/// <summary>Evaluates a <see cref="DissimilarityLoss"/>.</summary>
internal static class DissimilarityLosses
{
    /// <summary>The loss over a batch; <paramref name="predicted"/> and <paramref name="observed"/> are vectors of equal length.</summary>
    public static Tensor Compute(DissimilarityLoss loss, Tensor predicted, Tensor observed) => loss switch
    {
        DissimilarityLoss.SquaredError => (predicted - observed).square().mean(),
        DissimilarityLoss.Correlation => Correlation(predicted, observed),
        DissimilarityLoss.Spearman => SpearmanLoss.Compute(predicted, observed, SpearmanLoss.RelativeTemperature),
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    static Tensor Correlation(Tensor predicted, Tensor observed)
    {
        RequirePairs(predicted, "correlation");
        return ScalarArithmetic.Rsub(Pearson(predicted, observed), 1);
    }

    /// <summary>Throws when a batch has fewer than 2 pairs, which no correlation can be computed over.</summary>
    internal static void RequirePairs(Tensor predicted, string lossName)
    {
        if (predicted.shape[0] < 2)
            throw new SettingException($"the {lossName} loss needs at least 2 pairs per batch; use a larger batch", "BatchSize");
    }

    /// <summary>Pearson r of two vectors, differentiable; 0 when either is constant.</summary>
    internal static Tensor Pearson(Tensor predicted, Tensor observed)
    {
        var p = predicted - predicted.mean();
        var o = observed - observed.mean();
        return (p * o).sum() / ScalarArithmetic.ClampMin(p.norm() * o.norm(), 1e-12);
    }
}
