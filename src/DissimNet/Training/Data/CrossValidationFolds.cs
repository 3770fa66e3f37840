namespace DissimNet.Training;

/// <summary>One fold of repeated k-fold cross-validation: its test images and the split of the rest into training and validation.</summary>
/// <param name="Number">1-based position among all folds (repeat-major).</param>
/// <param name="Repeat">1-based repeat.</param>
/// <param name="Fold">1-based fold within the repeat.</param>
/// <param name="Split">Training, validation and test image indices (<see cref="ImageSplit.Test"/> holds the fold's test images).</param>
public sealed record CrossValidationFold(int Number, int Repeat, int Fold, ImageSplit Split)
{
    /// <summary>The fold's subfolder name inside the cross-validation folder, e.g. "fold-03".</summary>
    public string FolderName => FolderNameOf(Number);

    /// <summary>The subfolder name of fold <paramref name="number"/> (1-based), e.g. "fold-03".</summary>
    public static string FolderNameOf(int number) => $"fold-{number:D2}";
}

/// <summary>Plans repeated k-fold cross-validation over the images of one set, as a pure function of (n, k, repeats, fraction, seed).</summary>
/// <remarks>
/// Each repeat shuffles the images (one seeded generator for the whole plan) and deals them into k folds of near-equal
/// size (sizes differ by at most one), so each image is a test image exactly once per repeat. The images outside a fold's
/// test images are split into training and validation images by <see cref="ImageSplit.Within"/>, seeded by the seed and
/// the fold's number; validation alone chooses the layer and epoch of the fold's run.
/// </remarks>
internal static class CrossValidationFolds
{
    /// <summary>The most training runs (folds x repeats) one cross-validation may ask for: each is a whole training run, so
    /// more than a thousand is a typing slip, not a plan.</summary>
    public const int MaxTotalFolds = 1000;

    /// <summary>Checks the fold and repeat counts, which need no data (the image count is checked by <see cref="Plan"/>).</summary>
    /// <exception cref="SettingException">Naming the setting at fault.</exception>
    public static void CheckCounts(int folds, int repeats)
    {
        if (folds < 2) throw new SettingException($"cross-validation needs at least 2 folds, got {folds}", "Folds");
        if (repeats < 1) throw new SettingException($"cross-validation needs at least 1 repeat, got {repeats}", "Repeats");
        if ((long)folds * repeats > MaxTotalFolds)
            throw new SettingException($"{folds} folds x {repeats} repeats is {(long)folds * repeats} training runs, more than the {MaxTotalFolds} one cross-validation may run", "Folds", "Repeats");
    }

    /// <summary>The folds, repeat by repeat.</summary>
    public static IReadOnlyList<CrossValidationFold> Plan(string set, int count, int folds, int repeats, double holdoutFraction, int seed)
    {
        CheckCounts(folds, repeats);
        if (count / folds < 3)
            throw new SettingException($"{folds} folds of {count} images leave fewer than 3 test images per fold", "Folds");
        var random = new Random(seed);
        var plan = new List<CrossValidationFold>();
        for (int r = 1; r <= repeats; r++)
        {
            var order = Enumerable.Range(0, count).ToArray();
            random.Shuffle(order);
            for (int f = 0; f < folds; f++)
            {
                // Fold f takes positions [f n / k, (f + 1) n / k): near-equal sizes that cover every image once.
                int start = f * count / folds, end = (f + 1) * count / folds;
                var test = order[start..end].Order().ToArray();
                var rest = order[..start].Concat(order[end..]).Order().ToArray();
                int number = plan.Count + 1;
                var split = ImageSplit.Within(set, rest, holdoutFraction, unchecked(seed * 7919 + number)) with { Test = test };
                split.Validate(count);
                plan.Add(new CrossValidationFold(number, r, f + 1, split));
            }
        }
        return plan;
    }
}
