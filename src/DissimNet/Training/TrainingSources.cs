using DissimNet.Images;
using DissimNet.IO;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Loads training and validation sets from user-named files: images (a folder or an N x H x W x 3 array) and subject RDMs.</summary>
public static class TrainingSources
{
    /// <summary>Images from a folder (file-name order) or a data spec, as an N x H x W x 3 float tensor of 0..255; all must share one size.</summary>
    public static Tensor LoadImages(string spec)
    {
        var array = LoadImageArray(spec);
        return tensor((byte[])array.Data).reshape(array.Shape.Select(d => (long)d).ToArray()).to_type(ScalarType.Float32);
    }

    /// <summary>Images from a folder (file-name order) or a data spec, as an N x H x W x 3 uint8 array; all must share one size.</summary>
    public static NdArray LoadImageArray(string spec)
    {
        var set = ImageSet.Load(spec);
        if (set.Count < 2) throw new DissimNetException($"{spec}: expected at least 2 images, found {set.Count}");
        int height = set[0].Height, width = set[0].Width, size = height * width * 3;
        var pixels = new byte[(long)set.Count * size];
        for (int k = 0; k < set.Count; k++)
        {
            var image = set[k];
            if (image.Height != height || image.Width != width)
                throw new DissimNetException($"{spec}: image '{image.Name}' is {image.Width} x {image.Height} but '{set[0].Name}' is {width} x {height}; the images must share a size");
            Array.Copy((byte[])image.Pixels.Data, 0, pixels, (long)k * size, size);
        }
        return new NdArray([set.Count, height, width, 3], pixels, ElementType.UInt8);
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
