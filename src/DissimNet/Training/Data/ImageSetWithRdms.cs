using DissimNet.IO;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>One image set as loaded, with its subjects' RDMs over the images, before any target preparation.</summary>
/// <param name="Name">A short name, e.g. "92" or "set1".</param>
/// <param name="Images">N x H x W x 3 RGB images (0..255) as a float tensor, in the order of the RDMs' rows.</param>
/// <param name="Rdms">subjects x n x n, or subjects x time x n x n.</param>
/// <param name="Source">Where the RDMs came from, for the summary and error messages.</param>
public sealed record ImageSetWithRdms(string Name, Tensor Images, NdArray Rdms, string Source);
