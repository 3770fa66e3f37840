using DissimNet.Rdms;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>The training image sets, the validation images, the test images if any, and how they were split.</summary>
/// <param name="Sets">Image sets whose every pair trains (pairs never cross sets).</param>
/// <param name="Validation">Held-out images scored after every epoch; they choose the layer and epoch.</param>
/// <param name="Split">The split when validation (and test) images were held out of a training set; null when they are separate images.</param>
public sealed record TrainingData(IReadOnlyList<TrainingImageSet> Sets, ValidationSet Validation, ImageSplit? Split)
{
    /// <summary>Test images: scored after every epoch like the validation images, but never used for any choice; null without a test split.</summary>
    public ValidationSet? Test { get; init; }

    /// <summary>Total number of training pairs over all sets.</summary>
    public long PairCount => Sets.Sum(s => (long)s.Count * (s.Count - 1) / 2);

    /// <summary>Training sets plus a separate validation set (<c>--val-images/--val-target</c>).</summary>
    public static TrainingData WithValidation(IEnumerable<ImageSetWithRdms> sets, ImageSetWithRdms validation, TargetTransform transform,
        IReadOnlyList<string>? validationCategories = null)
    {
        var training = sets.Select(s => new TrainingImageSet(s.Name, s.Images, TargetPreparation.Prepare(s.Rdms, transform, s.Source), s.Source)).ToList();
        var (_, images, rdms, source) = validation;
        var subjects = TargetPreparation.PerSubject(rdms, transform, source);
        CheckCount(images, TargetPreparation.ConditionCount(rdms, source), source);
        CheckCategories(validationCategories, (int)images.shape[0], source);
        var validationSet = new ValidationSet(images, subjects, source) { Categories = validationCategories };
        return new TrainingData(training, validationSet, null);
    }

    /// <summary>Adds separate test images with their RDMs (<c>--test-images/--test-target</c>), prepared as validation images are.</summary>
    public static TrainingData WithTest(TrainingData data, ImageSetWithRdms test, TargetTransform transform)
    {
        if (data.Test is not null) throw new SettingException("test images were given twice: a test fraction and separate test images exclude each other", "TestFraction", "TestImages");
        return data with { Test = Separate(test, transform) };
    }

    static ValidationSet Separate(ImageSetWithRdms set, TargetTransform transform)
    {
        var (_, images, rdms, source) = set;
        CheckCount(images, TargetPreparation.ConditionCount(rdms, source), source);
        return new ValidationSet(images, TargetPreparation.PerSubject(rdms, transform, source), source);
    }

    /// <summary>Holds out a seeded fraction of one set's images (<c>--holdout-fraction F --seed S</c>); its training target is prepared from the training images only.</summary>
    /// <remarks>Z-scoring the kept images' pairs alone keeps the held-out images' dissimilarities out of the training target entirely.
    /// Optional <paramref name="categories"/> (one per image of the split set): the held-out images' categories go with them to the report.</remarks>
    public static TrainingData WithHoldout(IReadOnlyList<ImageSetWithRdms> sets,
        string holdoutSet, double fraction, int seed, TargetTransform transform, IReadOnlyList<string>? categories = null) =>
        WithSplit(sets, holdoutSet, n => ImageSplit.Holdout(holdoutSet, n, fraction, seed), transform, categories);

    /// <summary>Holds out seeded test images of one set first (<c>--test-fraction</c>), then a fraction of the rest for validation (<c>--holdout-fraction</c>).</summary>
    public static TrainingData WithNestedHoldout(IReadOnlyList<ImageSetWithRdms> sets, string holdoutSet, double testFraction, double holdoutFraction,
        int seed, TargetTransform transform, IReadOnlyList<string>? categories = null) =>
        WithSplit(sets, holdoutSet, n => ImageSplit.Nested(holdoutSet, n, testFraction, holdoutFraction, seed), transform, categories);

    /// <summary>Splits one set by explicit training, validation and (optionally) test image indices, e.g. a cross-validation fold's.</summary>
    /// <remarks>Each part's target is prepared from its own images' pairs only (per subject for validation and test, as
    /// <see cref="TargetPreparation.PerSubject"/> prepares them), so no part's dissimilarities reach another.</remarks>
    public static TrainingData WithSplit(IReadOnlyList<ImageSetWithRdms> sets, ImageSplit split, TargetTransform transform,
        IReadOnlyList<string>? categories = null) => WithSplit(sets, split.Set, _ => split, transform, categories);

    static TrainingData WithSplit(IReadOnlyList<ImageSetWithRdms> sets, string holdoutSet, Func<int, ImageSplit> splitOf, TargetTransform transform,
        IReadOnlyList<string>? categories)
    {
        int index = sets.ToList().FindIndex(s => s.Name == holdoutSet);
        if (index < 0)
            throw new DissimNetException($"image set '{holdoutSet}' is not among the training sets ({string.Join(", ", sets.Select(s => s.Name))})");
        var (name, images, rdms, source) = sets[index];
        int n = TargetPreparation.ConditionCount(rdms, source);
        CheckCount(images, n, source);
        CheckCategories(categories, n, source);
        var split = splitOf(n);
        split.Validate(n);
        var training = new List<TrainingImageSet>();
        for (int s = 0; s < sets.Count; s++)
        {
            if (s != index)
            {
                CheckCount(sets[s].Images, TargetPreparation.ConditionCount(sets[s].Rdms, sets[s].Source), sets[s].Source);
                training.Add(new TrainingImageSet(sets[s].Name, sets[s].Images, TargetPreparation.Prepare(sets[s].Rdms, transform, sets[s].Source), sets[s].Source));
                continue;
            }
            var kept = SelectImages(images, split.Train);
            training.Add(new TrainingImageSet(name, kept, TargetPreparation.Prepare(RdmSubsets.SelectConditions(rdms, split.Train), transform, source), source));
        }
        var subjects = TargetPreparation.PerSubject(RdmSubsets.SelectConditions(rdms, split.Val), transform, source);
        var validation = new ValidationSet(SelectImages(images, split.Val), subjects, $"{source} (held-out images)")
        {
            Categories = categories is null ? null : split.Val.Select(i => categories[i]).ToArray(),
        };
        ValidationSet? test = null;
        if (split.Test.Length > 0)
            test = new ValidationSet(SelectImages(images, split.Test), TargetPreparation.PerSubject(RdmSubsets.SelectConditions(rdms, split.Test), transform, source),
                $"{source} (test images)")
            {
                Categories = categories is null ? null : split.Test.Select(i => categories[i]).ToArray(),
            };
        return new TrainingData(training, validation, split) { Test = test };
    }

    static Tensor SelectImages(Tensor images, int[] keep) => images.index_select(0, tensor(keep.Select(i => (long)i).ToArray(), device: images.device));

    static void CheckCategories(IReadOnlyList<string>? categories, int n, string source)
    {
        if (categories is not null && categories.Count != n)
            throw new SettingException($"{categories.Count} category labels, but {source} has {n} images", "Categories");
    }

    static void CheckCount(Tensor images, int n, string source)
    {
        if (images.shape[0] != n)
            throw new DissimNetException($"{source}: the target has {n} conditions but there are {images.shape[0]} images");
    }
}
