using SkiaSharp;

namespace DissimNet.Tests.Reports;

/// <summary>Where figure tests write, and how they read PNGs back.</summary>
static class FigureFiles
{
    /// <summary>A fresh folder; set DISSIMNET_KEEP_FIGURES=DIR to keep the figures for looking at them.</summary>
    public static string Folder(string name)
    {
        var keep = Environment.GetEnvironmentVariable("DISSIMNET_KEEP_FIGURES");
        var folder = keep is { Length: > 0 }
            ? Path.Combine(keep, name)
            : Path.Combine(Path.GetTempPath(), "dissimnet-figures-" + Guid.NewGuid().ToString("N")[..8], name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Decodes a PNG, failing the test when it is missing, empty or not a PNG.</summary>
    public static SKBitmap Decode(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} has only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        return bitmap;
    }

    /// <summary>Fraction of pixels in a rectangle that are clearly darker than a white background (text, lines).</summary>
    public static double DarkFraction(SKBitmap bitmap, int left, int top, int right, int bottom)
    {
        int dark = 0, total = 0;
        for (int y = top; y < bottom; y++)
            for (int x = left; x < right; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 300) dark++;
                total++;
            }
        return (double)dark / total;
    }

    /// <summary>Number of distinct colours in the image (a blank or one-colour image has very few).</summary>
    public static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
                colours.Add((uint)bitmap.GetPixel(x, y));
        return colours.Count;
    }
}
