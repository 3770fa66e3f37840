using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>The Siamese loss of one batch and the optimizer step on it: every image of the batch goes through the same
/// weights once, and 1 - Pearson r between two images' features at the train layer is compared with their target dissimilarity.</summary>
internal sealed class SiameseBatchStep
{
    readonly ITappableNetwork network;
    readonly string trainLayer;
    readonly TrainingSettings settings;

    /// <summary>Steps on <paramref name="network"/>'s features at <paramref name="trainLayer"/> (a canonical name) as <paramref name="settings"/> say
    /// (the loss, and what is done to the gradients before the optimizer steps).</summary>
    public SiameseBatchStep(ITappableNetwork network, string trainLayer, TrainingSettings settings) =>
        (this.network, this.trainLayer, this.settings) = (network, trainLayer, settings);

    /// <summary>One step on one batch; returns the batch loss, or what was not finite (then the weights are left as they were).</summary>
    /// <param name="batch">The batch's images, pairs and targets.</param>
    /// <param name="inputs">One tensor per training set: preprocessed images, or activations at <paramref name="cut"/>.</param>
    /// <param name="cut">The cut point the inputs are activations at; null for images.</param>
    /// <param name="optimizer">The optimizer over <paramref name="trained"/>.</param>
    /// <param name="trained">The parameters that train.</param>
    /// <param name="gather">How the batch's rows are gathered when augmenting; null to read them from <paramref name="inputs"/>.</param>
    /// <param name="l2sp">The pull towards the starting weights, added to the gradients; null when off.</param>
    public (double Loss, NonFiniteValue? Problem) Take(TrainingBatch batch, IReadOnlyList<Tensor> inputs, string? cut, optim.Optimizer optimizer,
        IReadOnlyList<(string Name, Parameter Parameter)> trained, Func<TrainingBatch, Tensor>? gather = null, L2SpPenalty? l2sp = null)
    {
        using var scope = NewDisposeScope();
        // Gradients are dropped rather than zeroed (PyTorch 2's zero_grad default): backward then writes each one once
        // instead of zero-filling it and adding into it, and the result is the same (0 + g = g).
        foreach (var (_, parameter) in trained) parameter.grad = null;
        var value = Loss(batch, inputs, cut, gather);
        value.backward();
        double number = ScalarArithmetic.ToDouble(value);
        if (FiniteCheck.LossAndGradients(number, trained) is { } problem) return (number, problem);
        l2sp?.AddGradient();
        if (settings.ClipGradNorm is { } maxNorm) TorchSharp.torch.nn.utils.clip_grad_norm_(trained.Select(t => t.Parameter), maxNorm);
        optimizer.step();
        return (number, null);
    }

    /// <summary>The loss of one batch: gathers its inputs (images, or cached activations at <paramref name="cut"/>; through
    /// <paramref name="gather"/> when augmenting), forwards them once, compares 1 - r with the targets.</summary>
    public Tensor Loss(TrainingBatch batch, IReadOnlyList<Tensor> inputs, string? cut, Func<TrainingBatch, Tensor>? gather = null)
    {
        var x = gather is null ? stack(batch.Inputs.Select(r => inputs[r.Set][r.Image]).ToArray()) : gather(batch);
        var outputs = cut is null ? network.Forward(x, [trainLayer]) : network.ForwardFrom(cut, x, [trainLayer]);
        var features = outputs[trainLayer];
        // One k x k product serves every pair of the batch, also when images repeat (pair batching).
        var z = CorrelationDistance.Standardize(features);
        int k = (int)z.shape[0];
        var flat = batch.First.Select((f, p) => f * k + batch.Second[p]).ToArray();
        var predicted = ScalarArithmetic.Rsub(z.matmul(z.t()).flatten().index_select(0, tensor(flat, device: z.device)), 1);
        var observed = tensor(batch.Targets, dtype: predicted.dtype, device: predicted.device);
        return DissimilarityLosses.Compute(settings.Loss, predicted, observed);
    }
}
