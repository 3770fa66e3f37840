using DissimNet.Networks;

namespace DissimNet.Training;

/// <summary>Which parameters a run trains, and the cut point that ends the frozen prefix whose activations can be computed once
/// instead of in every batch.</summary>
/// <param name="Plan">The trained and the frozen parameters.</param>
/// <param name="Cut">The deepest cut point before the first trained layer (and not after the train layer); null when nothing can
/// be cached or <see cref="TrainingSettings.CacheFrozenPrefix"/> is off.</param>
internal sealed record FrozenPrefix(FreezePlan Plan, string? Cut)
{
    /// <summary>Applies <see cref="TrainingSettings.Freeze"/> (frozen parameters get requires_grad = false) and puts the network in
    /// eval mode, so dropout is off and batch-norm uses its stored statistics.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="settings">The run's settings.</param>
    /// <param name="trainLayer">The canonical name of the layer whose features give the predicted dissimilarity.</param>
    /// <exception cref="SettingException">When freezing leaves nothing that feeds the train layer free to train.</exception>
    public static FrozenPrefix Freeze(ITappableNetwork network, TrainingSettings settings, string trainLayer)
    {
        int trainIndex = FreezeSpec.IndexOf(network, trainLayer);
        var plan = FreezeSpec.Parse(settings.Freeze).Apply(network, trainIndex);
        if (plan.Trainable.Count == 0)
            throw new SettingException($"freezing {settings.Freeze} leaves no parameter of {network.Architecture} that feeds the train layer {settings.TrainLayer} free to train",
                nameof(TrainingSettings.Freeze), nameof(TrainingSettings.TrainLayer));
        network.Module.eval();
        return new(plan, settings.CacheFrozenPrefix ? CachedCut(network, plan.FirstTrainableLayer, trainIndex) : null);
    }

    static string? CachedCut(ITappableNetwork network, int firstTrainable, int trainIndex)
    {
        for (int i = Math.Min(firstTrainable - 1, trainIndex - 1); i >= 0; i--)
            if (network.IsCutPoint(network.Layers[i])) return network.Layers[i];
        return null;
    }
}
