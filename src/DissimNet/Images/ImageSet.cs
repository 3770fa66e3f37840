using System.Collections;
using DissimNet.IO;
using SkiaSharp;

namespace DissimNet.Images;

/// <summary>One stimulus image: its name and its RGB pixels as an H x W x 3 uint8 array (row-major, top row first).</summary>
public sealed record StimulusImage(string Name, NdArray Pixels)
{
    public int Height => Pixels.Shape[0];
    public int Width => Pixels.Shape[1];
}

/// <summary>An ordered set of stimulus images, from a folder of image files or from an N x H x W x 3 uint8 array in a data file.</summary>
/// <remarks>Each image keeps its own size: resizing to a network's input is the network's job.</remarks>
public sealed class ImageSet : IReadOnlyList<StimulusImage>
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];
    private readonly IReadOnlyList<StimulusImage> _images;

    public ImageSet(IReadOnlyList<StimulusImage> images) => _images = images;

    /// <summary>A folder of images or a data spec (e.g. file.mat:stimuli.image), whichever <paramref name="source"/> names.</summary>
    public static ImageSet Load(string source) => DataSpecParts.Parse(source).IsFolder ? FromFolder(source) : FromDataSpec(source);

    /// <summary>Every .jpg, .jpeg and .png file in a folder, in natural name order (image_2 before image_10), decoded with SkiaSharp.</summary>
    public static ImageSet FromFolder(string folder) => FromFiles(ImageFiles(folder));

    /// <summary>The .jpg, .jpeg and .png files of a folder in natural name order; fails when there are none.</summary>
    public static IReadOnlyList<string> ImageFiles(string folder)
    {
        if (!Directory.Exists(folder)) throw new DissimNetException($"{folder}: image folder not found");
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(NaturalFileNameOrder.Instance)
            .ToArray();
        if (files.Length == 0) throw new DissimNetException($"{folder}: no .jpg, .jpeg or .png images found");
        return files;
    }

    /// <summary>The given image files, in the given order.</summary>
    public static ImageSet FromFiles(IEnumerable<string> files) =>
        new(files.Select(f => new StimulusImage(Path.GetFileNameWithoutExtension(f), Decode(f))).ToArray());

    /// <summary>Images as one N x H x W x 3 array: a folder's images stacked (all must share one size), or any numeric
    /// N x H x W x 3 array from a data spec as stored (values 0..255; see <see cref="PixelValues.Require0To255"/>).</summary>
    public static NdArray LoadArray(string source)
    {
        var parts = DataSpecParts.Parse(source);
        var array = parts.IsFolder ? FromFolder(source).ToArray(source) : DataSpec.From(parts).LoadArray();
        if (array.Rank != 4 || array.Shape[3] != 3)
            throw new DissimNetException($"{source}: expected images as N x height x width x 3 RGB (0..255), found {array.ShapeText}");
        PixelValues.Require0To255(array, source);
        return array;
    }

    /// <summary>The images stacked as N x H x W x 3 uint8; <paramref name="source"/> names them in the error when sizes differ.</summary>
    public NdArray ToArray(string source)
    {
        if (Count == 0) throw new DissimNetException($"{source}: no images");
        int height = this[0].Height, width = this[0].Width, size = height * width * 3;
        var pixels = new byte[(long)Count * size];
        for (int k = 0; k < Count; k++)
        {
            var image = this[k];
            if (image.Height != height || image.Width != width)
                throw new DissimNetException($"{source}: image '{image.Name}' is {image.Width} x {image.Height} but '{this[0].Name}' is {width} x {height}; resize them to one size first");
            Array.Copy((byte[])image.Pixels.Data, 0, pixels, (long)k * size, size);
        }
        return new NdArray([Count, height, width, 3], pixels, ElementType.UInt8);
    }

    /// <summary>Images from an N x H x W x 3 uint8 array (as the 92-image .mat file stores them), named image_01, image_02, ...</summary>
    public static ImageSet FromDataSpec(string spec)
    {
        var array = DataSpec.LoadArray(spec);
        if (array.Rank != 4 || array.Shape[3] != 3 || array.Type != ElementType.UInt8)
            throw new DissimNetException($"{spec}: expected N x height x width x 3 uint8 RGB images, found {array.ShapeText} {ElementTypes.MatlabName(array.Type)}");
        int n = array.Shape[0], size = array.Count / Math.Max(n, 1);
        int digits = Math.Max(2, n.ToString().Length);
        var images = new StimulusImage[n];
        for (int i = 0; i < n; i++)
        {
            var pixels = new byte[size];
            Array.Copy(array.Data, i * size, pixels, 0, size);
            images[i] = new StimulusImage($"image_{(i + 1).ToString().PadLeft(digits, '0')}", new NdArray(array.Shape[1..], pixels, ElementType.UInt8));
        }
        return new ImageSet(images);
    }

    /// <summary>Decodes one image file to H x W x 3 RGB bytes (alpha dropped, grey expanded to RGB).</summary>
    /// <remarks>A truncated file is refused: SkiaSharp would decode what is there and fill the missing rows.</remarks>
    public static NdArray Decode(string path)
    {
        FileBytes.CheckRegular(path);
        using var codec = SKCodec.Create(path, out var result)
            ?? throw new DissimNetException($"{path}: cannot decode image ({result})");
        // The header's size is checked before any pixel memory: a small file can declare a huge image.
        ReadLimits.Check(4L * codec.Info.Width * codec.Info.Height, path, $"a {codec.Info.Width} x {codec.Info.Height} image");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded == SKCodecResult.IncompleteInput)
            throw new DissimNetException($"{path}: truncated {codec.EncodedFormat.ToString().ToUpperInvariant()} file (its data end before the image does); copy or export it again");
        if (decoded != SKCodecResult.Success)
            throw new DissimNetException($"{path}: cannot decode image ({decoded}: corrupt or truncated)");
        int height = bitmap.Height, width = bitmap.Width, rowBytes = bitmap.RowBytes;
        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[height * width * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int source = y * rowBytes + x * 4, target = (y * width + x) * 3;
                rgb[target] = rgba[source];
                rgb[target + 1] = rgba[source + 1];
                rgb[target + 2] = rgba[source + 2];
            }
        return new NdArray([height, width, 3], rgb, ElementType.UInt8);
    }

    /// <summary>Image names in order.</summary>
    public IReadOnlyList<string> Names => _images.Select(i => i.Name).ToArray();

    public int Count => _images.Count;
    public StimulusImage this[int index] => _images[index];
    public IEnumerator<StimulusImage> GetEnumerator() => _images.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
