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

/// <summary>What an <see cref="Augmentation"/> does.</summary>
internal static class Augmentations
{
    /// <summary>True when the augmentation crops.</summary>
    public static bool Crops(this Augmentation a) => a is Augmentation.Crop or Augmentation.CropFlip or Augmentation.CropFlipColor;

    /// <summary>True when the augmentation flips.</summary>
    public static bool Flips(this Augmentation a) => a is Augmentation.Flip or Augmentation.CropFlip or Augmentation.CropFlipColor;

    /// <summary>True when the augmentation jitters brightness and contrast.</summary>
    public static bool Jitters(this Augmentation a) => a is Augmentation.CropFlipColor;
}
