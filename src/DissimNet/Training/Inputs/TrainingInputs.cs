using DissimNet.Networks;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>The training images as batches read them: preprocessed once, replaced by their activations at the frozen prefix's
/// cut when it is cached, and drawn through augmented views when augmenting.</summary>
internal sealed class TrainingInputs
{
    readonly List<Tensor> sets;
    readonly TrainingViews? views;

    /// <summary>The cut point the inputs are activations at; null when they are preprocessed images.</summary>
    public string? Cut { get; }

    /// <summary>One tensor per training set: its images (or their cached views) along the first dimension.</summary>
    public IReadOnlyList<Tensor> Sets => sets;

    TrainingInputs(List<Tensor> sets, string? cut, TrainingViews? views) => (this.sets, Cut, this.views) = (sets, cut, views);

    /// <summary>Preprocesses every set's images once; with a <paramref name="cut"/>, replaces them by their activations there
    /// (with augmentation, by those of <see cref="TrainingSettings.AugmentViews"/> random views per image).</summary>
    public static TrainingInputs Prepare(ITappableNetwork network, TrainingSettings settings, IReadOnlyList<TrainingImageSet> images, string? cut)
    {
        var sets = new List<Tensor>();
        using (no_grad())
            foreach (var set in images) sets.Add(network.Preprocess(set.Images).detach());
        Tensor Prefix(Tensor input) => Activations(network, input, cut!, settings.InferenceBatchSize);
        TrainingViews? views = null;
        if (settings.Augment != Augmentation.None)
            views = cut is null ? TrainingViews.OnTheFly(settings.Augment, settings.Seed)
                : TrainingViews.Cache(settings.Augment, settings.AugmentViews, settings.Seed, sets, Prefix);
        else if (cut is not null)
            for (int s = 0; s < sets.Count; s++) sets[s] = Prefix(sets[s]);
        return new(sets, cut, views);
    }

    /// <summary>How batch <paramref name="batchIndex"/> of <paramref name="epoch"/> gathers its rows: through the augmented views
    /// (chosen from the seed, epoch and batch), or null without augmentation (the rows are read from <see cref="Sets"/> as they are).</summary>
    public Func<TrainingBatch, Tensor>? Gather(int epoch, int batchIndex) =>
        views is null ? null : batch => views.Gather(batch, sets, epoch, batchIndex);

    /// <summary>A layer's activations for every input, computed without gradients in inference-size chunks.</summary>
    static Tensor Activations(ITappableNetwork network, Tensor input, string layer, int batchSize)
    {
        using var _ = no_grad();
        var chunks = new List<Tensor>();
        for (long start = 0; start < input.shape[0]; start += batchSize)
        {
            var chunk = input.narrow(0, start, Math.Min(batchSize, input.shape[0] - start));
            chunks.Add(network.Forward(chunk, [layer])[layer].detach());
        }
        return cat(chunks, 0);
    }
}
