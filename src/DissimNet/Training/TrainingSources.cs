using DissimNet.Images;
using DissimNet.IO;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Loads training and validation sets from user-named files: images (a folder or an N x H x W x 3 array) and subject RDMs.</summary>
public static class TrainingSources
{
    /// <summary>Images from a folder (natural file-name order) or a data spec, as an N x H x W x 3 float tensor of 0..255; all must share one size.</summary>
    public static Tensor LoadImages(string spec)
    {
        var array = LoadImageArray(spec);
        if (array.Shape[0] < 2) throw new DissimNetException($"{spec}: expected at least 2 images, found {array.Shape[0]}");
        return ToTensor(array);
    }

    /// <summary>Images from a folder or a data spec as an N x H x W x 3 array (see <see cref="ImageSet.LoadArray"/>).</summary>
    public static NdArray LoadImageArray(string spec) => ImageSet.LoadArray(spec);

    /// <summary>An N x H x W x 3 array as a float tensor of the same shape.</summary>
    public static Tensor ToTensor(NdArray images)
    {
        var shape = images.Shape.Select(d => (long)d).ToArray();
        return images.Data is byte[] bytes
            ? tensor(bytes).reshape(shape).to_type(ScalarType.Float32)
            : tensor(Array.ConvertAll(images.ToDoubleArray(), v => (float)v)).reshape(shape);
    }

    /// <summary>One image set with its subjects' RDMs (subjects x n x n or subjects x time x n x n), checked to agree in size.</summary>
    public static (string Name, Tensor Images, NdArray Rdms, string Source) LoadSet(string name, string imagesSpec, string targetSpec)
    {
        var rdms = DataSpec.LoadArray(targetSpec);
        int n = TargetPreparation.ConditionCount(rdms, targetSpec);
        var images = LoadImages(imagesSpec);
        if (images.shape[0] != n)
            throw new DissimNetException($"{targetSpec}: RDMs are {n} x {n} but {imagesSpec} holds {images.shape[0]} images");
        return (name, images, rdms, targetSpec);
    }
}
