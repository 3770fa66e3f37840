namespace DissimNet.Training;

/// <summary>Which random views of a training image the trainer feeds (targets never change); validation and test images are never augmented.</summary>
public enum Augmentation
{
    /// <summary>Every image as preprocessed (no randomness).</summary>
    None,

    /// <summary>Horizontal flip with probability 1/2.</summary>
    Flip,

    /// <summary>Random resized crop (see <see cref="AugmentedViews"/>).</summary>
    Crop,

    /// <summary>Random resized crop, then a horizontal flip with probability 1/2.</summary>
    CropFlip,

    /// <summary>Crop and flip, then a small brightness and contrast jitter.</summary>
    CropFlipColor,
}

/// <summary>How held-out images (validation, test, and <c>predict</c> of the run) are read: as they are, or averaged with their mirror image.</summary>
public enum TestTimeAugmentation
{
    /// <summary>The image as preprocessed.</summary>
    None,

    /// <summary>Each layer's features are the mean of the image's and its horizontal mirror's, before the correlation distance.</summary>
    Flip,
}

/// <summary>Names and parsing of <see cref="Augmentation"/> and <see cref="TestTimeAugmentation"/> as the CLI and summary.json spell them.</summary>
public static class Augmentations
{
    /// <summary>The augmentation names: none, flip, crop, crop-flip, crop-flip-color.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "flip", "crop", "crop-flip", "crop-flip-color"];

    /// <summary>The name of an augmentation, e.g. crop-flip.</summary>
    public static string Name(Augmentation augmentation) => Names[(int)augmentation];

    /// <summary>Parses an augmentation name; throws <see cref="SettingException"/> listing the choices.</summary>
    public static Augmentation Parse(string name)
    {
        int index = Names.ToList().IndexOf(name.Trim().ToLowerInvariant());
        return index >= 0 ? (Augmentation)index
            : throw new SettingException($"unknown augmentation '{name}': expected {string.Join(", ", Names)}", nameof(TrainingSettings.Augment));
    }

    /// <summary>Parses none or flip; throws <see cref="SettingException"/> listing the choices.</summary>
    public static TestTimeAugmentation ParseTta(string name) => name.Trim().ToLowerInvariant() switch
    {
        "none" => TestTimeAugmentation.None,
        "flip" => TestTimeAugmentation.Flip,
        _ => throw new SettingException($"unknown test-time augmentation '{name}': expected none or flip", nameof(TrainingSettings.TestTimeAugmentation)),
    };

    /// <summary>True when the augmentation crops.</summary>
    public static bool Crops(this Augmentation a) => a is Augmentation.Crop or Augmentation.CropFlip or Augmentation.CropFlipColor;

    /// <summary>True when the augmentation flips.</summary>
    public static bool Flips(this Augmentation a) => a is Augmentation.Flip or Augmentation.CropFlip or Augmentation.CropFlipColor;

    /// <summary>True when the augmentation jitters brightness and contrast.</summary>
    public static bool Jitters(this Augmentation a) => a is Augmentation.CropFlipColor;
}
