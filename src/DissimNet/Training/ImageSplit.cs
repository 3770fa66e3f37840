namespace DissimNet.Training;

/// <summary>Which images of one set train and which are held out for validation.</summary>
/// <param name="Set">Name of the image set that was split.</param>
/// <param name="Train">Training image indices, ascending.</param>
/// <param name="Val">Held-out image indices, ascending.</param>
public sealed record ImageSplit(string Set, int[] Train, int[] Val)
{
    /// <summary>Holds out round(fraction x n) images (at least 3, leaving at least 3) chosen by a seeded shuffle.</summary>
    /// <remarks>The same (n, fraction, seed) always gives the same split, on every platform: System.Random with a seed is stable.</remarks>
    public static ImageSplit Holdout(string set, int count, double fraction, int seed)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new SettingException($"the holdout fraction must be between 0 and 1 (exclusive), got {fraction}", "HoldoutFraction");
        int held = (int)Math.Round(fraction * count);
        // Both halves become RDM targets, and an RDM over fewer than 3 images has too few pairs to rank or z-score.
        if (held < 3 || count - held < 3)
            throw new SettingException($"a holdout fraction of {fraction} of image set '{set}' ({count} images) holds out {held} and keeps {count - held} for training; "
                + "validation and training each need at least 3 images", "HoldoutFraction");
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var val = order[..held].Order().ToArray();
        var train = order[held..].Order().ToArray();
        return new ImageSplit(set, train, val);
    }

    /// <summary>Every image trains; validation uses separate images.</summary>
    public static ImageSplit All(string set, int count) => new(set, Enumerable.Range(0, count).ToArray(), []);
}
