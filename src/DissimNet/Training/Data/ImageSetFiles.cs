using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Networks;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Loads image sets with their RDMs from user-named files: images (a folder or an N x H x W x 3 array) and subject RDMs.</summary>
internal static class ImageSetFiles
{
    /// <summary>Images from a folder (natural file-name order) or a data spec, as an N x H x W x 3 float tensor of 0..255; all must share one size.</summary>
    public static Tensor LoadImages(string spec)
    {
        var array = ImageSet.LoadArray(spec);
        if (array.Shape[0] < 2) throw new DissimNetException($"{spec}: expected at least 2 images, found {array.Shape[0]}");
        return ImageTensors.FromArray(array);
    }

    /// <summary>One image set with its subjects' RDMs (subjects x n x n or subjects x time x n x n), checked to agree in size.</summary>
    public static ImageSetWithRdms Load(string name, string imagesSpec, string targetSpec)
    {
        var rdms = LoadTargetArray(targetSpec);
        int n = TargetPreparation.ConditionCount(rdms, targetSpec);
        var images = LoadImages(imagesSpec);
        if (images.shape[0] != n)
            throw new DissimNetException($"{targetSpec}: RDMs are {n} x {n} but {imagesSpec} holds {images.shape[0]} images");
        return new ImageSetWithRdms(name, images, rdms, targetSpec);
    }

    /// <summary>The subjects' RDMs a target spec names, as subjects [x time] x n x n; one RDM (square or condensed, or one picked
    /// from a stack with a trailing [k], as <c>score</c> reads models) becomes a single subject.</summary>
    public static NdArray LoadTargetArray(string spec)
    {
        if (DataSpecParts.ParseIndexed(spec).Index is null)
        {
            var raw = DataSpec.LoadArray(spec);
            if (raw.Rank is not (1 or 2)) return raw; // the shape check that follows names the spec if it is wrong
        }
        var stack = Rdms.RdmFiles.LoadStack(spec);
        int n = stack.ConditionCount;
        var data = new double[stack.Count * n * n];
        for (int k = 0; k < stack.Count; k++) stack[k].ToSquare().CopyTo(data, k * n * n);
        return new NdArray([stack.Count, n, n], data);
    }
}
