using DissimNet.Rdms;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Held-out images with each subject's RDM among them, for scoring after every epoch.</summary>
/// <param name="Images">N x H x W x 3 RGB images (0..255).</param>
/// <param name="Subjects">One prepared RDM per subject over the images (see <see cref="TargetPreparation.PerSubject"/>).</param>
/// <param name="Source">Where the target came from.</param>
public sealed record ValidationSet(Tensor Images, RdmStack Subjects, string Source)
{
    /// <summary>Number of images.</summary>
    public int Count => (int)Images.shape[0];

    /// <summary>One category name per image, when known (for the report's figures).</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>The target the scores compare with: the mean of the subjects' prepared RDMs.</summary>
    public Rdm MeanTarget() => TargetPreparation.Average(Subjects);
}
