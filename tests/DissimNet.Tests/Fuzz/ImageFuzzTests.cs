using DissimNet.Images;
using DissimNet.Tests.IO;
using SkiaSharp;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes image decoding (PNG and JPEG through SkiaSharp): a damaged image is refused, a huge declared size is refused before pixels are allocated.</summary>
[Collection("Fuzz")]
public sealed class ImageFuzzTests
{
    static byte[] Encode(SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(6, 5, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 6; x++) bitmap.SetPixel(x, y, new SKColor((byte)(40 * x), (byte)(50 * y), 128, 255));
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    internal static IReadOnlyList<FuzzSeed> Seeds() =>
    [
        new("png", Encode(SKEncodedImageFormat.Png), Crafted: [("30000 x 30000 PNG", BombFiles.Png())]),
        new("jpeg", Encode(SKEncodedImageFormat.Jpeg)),
    ];

    [Fact]
    public void DecodeNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("image", ".png", Seeds(), path => FuzzRunner.Fingerprint(ImageSet.Decode(path)));
}
