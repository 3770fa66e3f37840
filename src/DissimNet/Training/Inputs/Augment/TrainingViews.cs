using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>The augmented inputs of training batches: one of V cached views per image (activations at the frozen prefix's
/// cut), or a view drawn on the fly from the preprocessed image when nothing is cached.</summary>
/// <remarks>
/// Cached views: view v of image i of set s is drawn once from (seed, s, i), so a run and its resume hold the same views.
/// A batch's choices (which cached view, or the on-the-fly view's crop, flip and jitter) come from (seed, epoch, batch),
/// so a resumed run repeats them without saved random state. An image that appears twice in a batch draws twice.
/// </remarks>
internal sealed class TrainingViews
{
    /// <summary>Salt separating the batches' draws from the cached views' draws.</summary>
    const int BatchSalt = -1;

    readonly Augmentation augmentation;
    readonly int views;
    readonly int seed;

    /// <summary>True when the inputs hold V cached views per image (rows i * V .. i * V + V - 1) rather than one preprocessed image.</summary>
    public bool Cached { get; }

    TrainingViews(Augmentation augmentation, int views, int seed, bool cached)
    {
        this.augmentation = augmentation;
        this.views = views;
        this.seed = seed;
        Cached = cached;
    }

    /// <summary>Views drawn from the preprocessed images in every batch (no cache).</summary>
    public static TrainingViews OnTheFly(Augmentation augmentation, int seed) => new(augmentation, 1, seed, cached: false);

    /// <summary>Replaces each set's preprocessed images by the activations of <paramref name="views"/> random views per image,
    /// computed once through <paramref name="prefix"/> (the frozen prefix, up to the cut).</summary>
    public static TrainingViews Cache(Augmentation augmentation, int views, int seed, List<Tensor> inputs, Func<Tensor, Tensor> prefix)
    {
        for (int s = 0; s < inputs.Count; s++)
        {
            var images = inputs[s];
            Tensor? cache = null;
            for (int i = 0; i < images.shape[0]; i++)
            {
                using var scope = NewDisposeScope();
                var drawn = Draw(images[i], augmentation, views, AugmentedViews.RandomFor(seed, s, i, 0));
                var activations = prefix(drawn);
                if (cache is null)
                {
                    cache = empty([images.shape[0] * views, .. activations.shape.Skip(1)], activations.dtype, device: activations.device);
                    cache.DetachFromDisposeScope();
                }
                cache.narrow(0, (long)i * views, views).copy_(activations);
            }
            images.Dispose();
            inputs[s] = cache!;
        }
        return new(augmentation, views, seed, cached: true);
    }

    /// <summary><paramref name="count"/> views of one preprocessed image, stacked (count x C x H x W).</summary>
    public static Tensor Draw(Tensor image, Augmentation augmentation, int count, Random rng) =>
        stack(Enumerable.Range(0, count).Select(_ => AugmentedViews.View(image, augmentation, rng)).ToArray());

    /// <summary>The rows of one batch: for every image, one of its cached views or a fresh view, chosen from (seed, epoch, batch).</summary>
    public Tensor Gather(TrainingBatch batch, IReadOnlyList<Tensor> inputs, int epoch, int batchIndex)
    {
        var rng = AugmentedViews.RandomFor(seed, epoch, batchIndex, BatchSalt);
        return stack(batch.Inputs.Select(r => Cached
            ? inputs[r.Set][(long)r.Image * views + rng.Next(views)]
            : AugmentedViews.View(inputs[r.Set][r.Image], augmentation, rng)).ToArray());
    }
}
