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

/// <summary>Held-out images with each subject's RDM among them, for scoring after every epoch.</summary>
/// <param name="Images">N x H x W x 3 RGB images (0..255).</param>
/// <param name="SubjectRdms">One symmetric row-major N x N matrix per subject (see <see cref="TargetPreparation.PerSubject"/>).</param>
/// <param name="Source">Where the target came from.</param>
public sealed record ValidationSet(Tensor Images, double[][] SubjectRdms, string Source)
{
    /// <summary>Number of images.</summary>
    public int Count => (int)Images.shape[0];

    /// <summary>One category name per image, when known (for the report's figures).</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>The target the scores compare with, as one row-major N x N matrix: the mean of the subjects' prepared RDMs.</summary>
    public double[] MeanTarget()
    {
        var mean = new double[Count * Count];
        foreach (var subject in SubjectRdms)
            for (int k = 0; k < mean.Length; k++) mean[k] += subject[k] / SubjectRdms.Length;
        return mean;
    }

    /// <summary>The upper triangles of the subjects' RDMs, in squareform order.</summary>
    public IReadOnlyList<double[]> SubjectVectors() => SubjectRdms.Select(r => UpperTriangle(r, Count)).ToArray();

    /// <summary>The upper triangle of a row-major n x n matrix in squareform order.</summary>
    public static double[] UpperTriangle(double[] square, int n)
    {
        var vector = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) vector[k++] = square[i * n + j];
        return vector;
    }
}
