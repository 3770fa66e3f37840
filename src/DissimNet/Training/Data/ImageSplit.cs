namespace DissimNet.Training;

/// <summary>Which images of one set train, which are held out for validation (model selection) and which for testing.</summary>
/// <param name="Set">Name of the image set that was split.</param>
/// <param name="Train">Training image indices, ascending.</param>
/// <param name="Val">Validation image indices, ascending: they choose the layer and epoch.</param>
public sealed record ImageSplit(string Set, int[] Train, int[] Val)
{
    /// <summary>Test image indices, ascending: scored after every epoch but never used for any choice; empty without a test split.</summary>
    public int[] Test { get; init; } = [];

    /// <summary>Holds out round(fraction x n) images (at least 3, leaving at least 3) chosen by a seeded shuffle.</summary>
    /// <remarks>The same (n, fraction, seed) always gives the same split, on every platform: System.Random with a seed is stable.</remarks>
    public static ImageSplit Holdout(string set, int count, double fraction, int seed)
    {
        var (held, kept) = Draw(Enumerable.Range(0, count).ToArray(), fraction, seed, set, "HoldoutFraction", "holdout", "validation", "training");
        return new ImageSplit(set, kept, held);
    }

    /// <summary>Nested split: round(testFraction x n) test images first (seeded), then <paramref name="holdoutFraction"/> of the rest for validation.</summary>
    /// <remarks>The test images are drawn before anything else, so they depend only on (n, testFraction, seed), and the
    /// validation images are drawn from the remaining images alone.</remarks>
    public static ImageSplit Nested(string set, int count, double testFraction, double holdoutFraction, int seed)
    {
        var (test, rest) = Draw(Enumerable.Range(0, count).ToArray(), testFraction, seed, set, "TestFraction", "test", "test", "training and validation");
        return Within(set, rest, holdoutFraction, seed) with { Test = test };
    }

    /// <summary>Splits the given images (e.g. the non-test images of a cross-validation fold) into training and validation images.</summary>
    public static ImageSplit Within(string set, int[] images, double holdoutFraction, int seed)
    {
        var (val, train) = Draw(images, holdoutFraction, seed, set, "HoldoutFraction", "holdout", "validation", "training");
        return new ImageSplit(set, train, val);
    }

    /// <summary>Every image trains; validation uses separate images.</summary>
    public static ImageSplit All(string set, int count) => new(set, Enumerable.Range(0, count).ToArray(), []);

    /// <summary>Checks that the three parts are disjoint, ascending, inside 0..count-1, and that validation and training have 3 images or more.</summary>
    public void Validate(int count)
    {
        var seen = new HashSet<int>();
        foreach (var (part, indices) in new[] { ("training", Train), ("validation", Val), ("test", Test) })
        {
            for (int k = 0; k < indices.Length; k++)
            {
                if (indices[k] < 0 || indices[k] >= count)
                    throw new DissimNetException($"image set '{Set}': {part} image index {indices[k]} is outside 0..{count - 1}");
                if (!seen.Add(indices[k]))
                    throw new DissimNetException($"image set '{Set}': image {indices[k]} is in more than one of training, validation and test");
                if (k > 0 && indices[k] <= indices[k - 1])
                    throw new DissimNetException($"image set '{Set}': {part} image indices must be ascending");
            }
        }
        if (Train.Length < 3 || Val.Length < 3 || Test.Length is > 0 and < 3)
            throw new DissimNetException($"image set '{Set}': training, validation and test need at least 3 images each, got {Train.Length}, {Val.Length} and {Test.Length}");
    }

    /// <summary>Draws round(fraction x count) of <paramref name="from"/> by a seeded shuffle (at least 3, leaving at least 3); both parts ascending.</summary>
    static (int[] Held, int[] Kept) Draw(int[] from, double fraction, int seed, string set, string setting, string fractionName, string heldName, string keptName)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new SettingException($"the {fractionName} fraction must be between 0 and 1 (exclusive), got {fraction}", setting);
        int count = from.Length;
        int held = (int)Math.Round(fraction * count);
        // Both parts become RDM targets, and an RDM over fewer than 3 images has too few pairs to rank or z-score.
        if (held < 3 || count - held < 3)
            throw new SettingException($"a {fractionName} fraction of {fraction} of image set '{set}' ({count} images) holds out {held} and keeps {count - held} for {keptName}; "
                + $"{heldName} and {keptName} each need at least 3 images", setting);
        var order = (int[])from.Clone();
        new Random(seed).Shuffle(order);
        return (order[..held].Order().ToArray(), order[held..].Order().ToArray());
    }
}
