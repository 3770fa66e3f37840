namespace DissimNet.Workflows;

/// <summary>Where a training run's images and RDMs come from, and how validation images are chosen, as the user named them.</summary>
public sealed record TrainingDataRequest
{
    /// <summary>An Algonauts 2019 Training_Data folder (92_Image_Set, 118_Image_Set), pooled; excludes <see cref="Images"/>.</summary>
    public string? Algonauts { get; init; }

    /// <summary>Image sets (folders or N x H x W x 3 array specs), each with the subject RDMs at the same position of <see cref="Targets"/>.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>Subject RDMs (subjects [x time] x n x n) of each image set.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>Separate validation images, with <see cref="ValidationTarget"/>; excludes <see cref="HoldoutFraction"/>.</summary>
    public string? ValidationImages { get; init; }

    /// <summary>Subject RDMs of the validation images.</summary>
    public string? ValidationTarget { get; init; }

    /// <summary>Fraction of one set's images held out for validation (seeded by the run's seed).</summary>
    public double? HoldoutFraction { get; init; }

    /// <summary>Fraction of the split set's images held out first as test images (seeded by the run's seed); needs <see cref="HoldoutFraction"/>,
    /// which then splits the remaining images into training and validation.</summary>
    public double? TestFraction { get; init; }

    /// <summary>Separate test images, with <see cref="TestTarget"/>; excludes <see cref="TestFraction"/>.</summary>
    public string? TestImages { get; init; }

    /// <summary>Subject RDMs of the test images.</summary>
    public string? TestTarget { get; init; }

    /// <summary>The set to hold images out of (default: the first).</summary>
    public string? HoldoutSet { get; init; }

    /// <summary>One category label per image of the held-out set (or of the validation images), for the report.</summary>
    public string? Categories { get; init; }
}
