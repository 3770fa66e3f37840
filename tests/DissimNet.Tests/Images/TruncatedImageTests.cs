using DissimNet.Images;
using DissimNet.Tests.Cli;
using SkiaSharp;

namespace DissimNet.Tests.Images;

/// <summary>A truncated JPEG or PNG among valid images is refused by name, rather than decoded with its missing rows filled in.</summary>
public sealed class TruncatedImageTests() : TempFolderTests("truncated")
{
    static readonly Lazy<ImageSet> NinetyTwo = new(() =>
        ImageSet.FromDataSpec(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image"));

    /// <summary>Image <paramref name="index"/> of the 92 as encoded bytes.</summary>
    static byte[] Encoded(int index, SKEncodedImageFormat format)
    {
        var pixels = (byte[])NinetyTwo.Value[index].Pixels.Data;
        using var bitmap = new SKBitmap(175, 175, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int y = 0; y < 175; y++)
            for (int x = 0; x < 175; x++)
            {
                int i = (y * 175 + x) * 3;
                bitmap.SetPixel(x, y, new SKColor(pixels[i], pixels[i + 1], pixels[i + 2]));
            }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>A folder with images 1 and 2 whole and image 3 cut to half its bytes; returns the cut file's path.</summary>
    string FolderWithHalfImage(SKEncodedImageFormat format, string extension)
    {
        Directory.CreateDirectory(TempRoot);
        File.WriteAllBytes(Path.Combine(TempRoot, "image_1" + extension), Encoded(0, format));
        File.WriteAllBytes(Path.Combine(TempRoot, "image_2" + extension), Encoded(1, format));
        var whole = Encoded(2, format);
        var cut = Path.Combine(TempRoot, "image_3" + extension);
        File.WriteAllBytes(cut, whole[..(whole.Length / 2)]);
        return cut;
    }

    [Fact]
    public void HalfAJpegIsRefusedByName()
    {
        var cut = FolderWithHalfImage(SKEncodedImageFormat.Jpeg, ".jpg");
        var error = Assert.Throws<DissimNetException>(() => ImageSet.LoadArray(TempRoot));
        Assert.Equal($"{cut}: truncated JPEG file (its data end before the image does); copy or export it again", error.Message);

        var (exit, stdout, stderr) = CliHarness.Run("rdm", "--model", "resnet18-imagenet", "--images", TempRoot, "--out", Path.Combine(TempRoot, "out.npy"));
        Assert.Equal(2, exit);
        Assert.Equal($"error: {error.Message}", stderr.Trim());
        Assert.Empty(stdout);
    }

    [Fact]
    public void AJpegWithoutItsEndMarkerIsRefused()
    {
        Directory.CreateDirectory(TempRoot);
        var whole = Encoded(4, SKEncodedImageFormat.Jpeg);
        var path = Path.Combine(TempRoot, "no_eoi.jpg");
        File.WriteAllBytes(path, whole[..^2]); // every scan byte is there, only the end-of-image marker FF D9 is not
        Assert.Contains("truncated JPEG", Assert.Throws<DissimNetException>(() => ImageSet.Decode(path)).Message);
    }

    [Fact]
    public void HalfAPngIsRefusedByName()
    {
        var cut = FolderWithHalfImage(SKEncodedImageFormat.Png, ".png");
        var error = Assert.Throws<DissimNetException>(() => ImageSet.FromFolder(TempRoot));
        Assert.Equal($"{cut}: truncated PNG file (its data end before the image does); copy or export it again", error.Message);
    }

    [Fact]
    public void WholeImagesStillDecode()
    {
        FolderWithHalfImage(SKEncodedImageFormat.Png, ".png");
        File.Delete(Path.Combine(TempRoot, "image_3.png"));
        var set = ImageSet.FromFolder(TempRoot);
        Assert.Equal(["image_1", "image_2"], set.Names);
        Assert.Equal(128.0, set[0].Pixels.GetDouble(0)); // PNG is lossless: the grey background
    }
}
