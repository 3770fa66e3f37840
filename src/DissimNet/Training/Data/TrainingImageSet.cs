using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>One image set with its averaged target RDM; pairs are only ever formed inside a set.</summary>
/// <param name="Name">A short name, e.g. "92" or "118".</param>
/// <param name="Images">N x H x W x 3 RGB images (0..255), in the order of the target's rows.</param>
/// <param name="Target">The prepared target as a symmetric row-major N x N matrix (see <see cref="TargetPreparation"/>).</param>
/// <param name="Source">Where the target came from, for the summary and error messages.</param>
public sealed record TrainingImageSet(string Name, Tensor Images, double[] Target, string Source)
{
    /// <summary>Number of images.</summary>
    public int Count => (int)Images.shape[0];

    /// <summary>Target dissimilarity of images i and j.</summary>
    public double TargetOf(int i, int j) => Target[i * Count + j];

    /// <summary>Checks that the images and the target agree; throws <see cref="DissimNetException"/> otherwise.</summary>
    public void Validate()
    {
        if (Images.dim() != 4 || Images.shape[3] != 3)
            throw new DissimNetException($"image set '{Name}': expected N x H x W x 3 RGB images, got [{string.Join(", ", Images.shape)}]");
        if (Target.Length != (long)Count * Count)
            throw new DissimNetException($"{Source}: the target has {Target.Length} elements but image set '{Name}' has {Count} images (expected {Count} x {Count})");
    }
}
