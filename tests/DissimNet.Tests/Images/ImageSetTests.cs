using DissimNet.Images;
using DissimNet.IO;
using SkiaSharp;

namespace DissimNet.Tests.Images;

/// <summary>Image sets from folders (decoded with SkiaSharp, each image at its own size) and from the 92 images in the .mat file.</summary>
public class ImageSetTests
{
    private static readonly string Supplemental = TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat");

    private static void Save(string path, int width, int height, Func<int, int, SKColor> color, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) bitmap.SetPixel(x, y, color(x, y));
        using var data = bitmap.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void UnpaddedNumbersSortByValueAndStackedImagesMustShareASize()
    {
        var folder = Directory.CreateTempSubdirectory("dissimnet-images-").FullName;
        foreach (var k in new[] { 10, 2, 1 })
            Save(Path.Combine(folder, $"image_{k}.png"), 4, 3, (_, _) => new SKColor((byte)k, 0, 0), SKEncodedImageFormat.Png);
        var stacked = ImageSet.LoadArray(folder);
        Assert.Equal([3, 3, 4, 3], stacked.Shape);
        Assert.Equal([1.0, 2.0, 10.0], Enumerable.Range(0, 3).Select(i => stacked.GetDouble(i * 3 * 4 * 3)));

        Save(Path.Combine(folder, "image_11.png"), 5, 3, (_, _) => SKColors.Black, SKEncodedImageFormat.Png);
        var error = Assert.Throws<DissimNetException>(() => ImageSet.LoadArray(folder));
        Assert.Contains("image_11", error.Message);
        Assert.Contains(folder, error.Message);
    }

    [Fact]
    public void FolderImagesAreSortedByNameAndKeepTheirSizes()
    {
        var folder = Directory.CreateTempSubdirectory("dissimnet-images-").FullName;
        Save(Path.Combine(folder, "image_02.png"), 5, 3, (x, y) => new SKColor((byte)(10 * x), (byte)(50 * y), 7), SKEncodedImageFormat.Png);
        Save(Path.Combine(folder, "image_01.jpg"), 8, 6, (_, _) => new SKColor(200, 40, 90), SKEncodedImageFormat.Jpeg);
        Save(Path.Combine(folder, "Image_10.png"), 2, 2, (_, _) => new SKColor(1, 2, 3), SKEncodedImageFormat.Png);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image");

        var set = ImageSet.FromFolder(folder);
        Assert.Equal(["Image_10", "image_01", "image_02"], set.Names); // character order: uppercase sorts first
        Assert.Equal([2, 2, 3], set[0].Pixels.Shape);
        Assert.Equal([6, 8, 3], set[1].Pixels.Shape);
        Assert.Equal([3, 5, 3], set[2].Pixels.Shape);

        // PNG is lossless: pixel (row 2, column 4) is (40, 100, 7).
        var png = set[2].Pixels;
        Assert.Equal(new byte[] { 40, 100, 7 }, Enumerable.Range(0, 3).Select(c => (byte)png.GetDouble((2 * 5 + 4) * 3 + c)));
        // JPEG is lossy: a flat colour comes back within a few levels.
        var jpg = set[1].Pixels;
        Assert.InRange(jpg.GetDouble(0), 195, 205);
        Assert.InRange(jpg.GetDouble(1), 35, 45);
        Assert.InRange(jpg.GetDouble(2), 85, 95);
    }

    [Fact]
    public void NinetyTwoImagesFromTheMatFileHaveMatlabsPixels()
    {
        var set = ImageSet.Load(Supplemental + ":stimuli_92objs.image");
        Assert.Equal(92, set.Count);
        Assert.Equal("image_01", set[0].Name);
        Assert.All(set, image => Assert.Equal([175, 175, 3], image.Pixels.Shape));
        // Values read with Python's zlib straight from the file's column-major bytes: image 2, MATLAB im(r+1, c+1, k+1).
        var image = set[1].Pixels;
        double Pixel(int r, int c, int k) => image.GetDouble((r * 175 + c) * 3 + k);
        Assert.Equal(193, Pixel(87, 87, 0));
        Assert.Equal(139, Pixel(87, 87, 1));
        Assert.Equal(97, Pixel(87, 87, 2));
        Assert.Equal(57, Pixel(40, 120, 1));
        Assert.Equal(161, Pixel(120, 40, 1));
        Assert.Equal(128, Pixel(0, 0, 0)); // the grey background
    }

    [Fact]
    public void MatImagesSurviveAPngRoundTripThroughAFolder()
    {
        var set = ImageSet.FromDataSpec(Supplemental + ":stimuli_92objs.image");
        var folder = Directory.CreateTempSubdirectory("dissimnet-images-").FullName;
        foreach (var image in set.Take(3))
        {
            var pixels = (byte[])image.Pixels.Data;
            Save(Path.Combine(folder, image.Name + ".png"), 175, 175, (x, y) =>
            {
                int i = (y * 175 + x) * 3;
                return new SKColor(pixels[i], pixels[i + 1], pixels[i + 2]);
            }, SKEncodedImageFormat.Png);
        }
        var back = ImageSet.FromFolder(folder);
        Assert.Equal(set.Names.Take(3), back.Names);
        for (int i = 0; i < 3; i++) Assert.Equal(set[i].Pixels.Data, back[i].Pixels.Data);
    }

    [Fact]
    public void NonImageArraysAndBrokenFilesAreRejected()
    {
        var rdms = TestPaths.Data("92imageData/92_brainRDMs.mat") + ":RDMs.RDM";
        Assert.Equal($"{rdms}: expected N x height x width x 3 uint8 RGB images, found 8 x 92 x 92 single",
            Assert.Throws<DissimNetException>(() => ImageSet.Load(rdms)).Message);
        var folder = Directory.CreateTempSubdirectory("dissimnet-images-").FullName;
        File.WriteAllBytes(Path.Combine(folder, "bad.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        Assert.StartsWith(Path.Combine(folder, "bad.png") + ": cannot decode image", Assert.Throws<DissimNetException>(() => ImageSet.FromFolder(folder)).Message);
    }
}
