using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Tests.Cli;

namespace DissimNet.Tests.Images;

/// <summary>Images given as floating-point numbers: 0..255 is accepted, 0..1 and non-finite values are refused with the file named.</summary>
public sealed class PixelValueTests() : TempFolderTests("pixels")
{
    /// <summary>The first four of the 92 images as an N x H x W x 3 float32 .npy, each value mapped by <paramref name="map"/>.</summary>
    string FloatImages(string name, Func<int, byte, float> map)
    {
        var stimuli = ImageSet.LoadArray(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
        int count = 4 * 175 * 175 * 3;
        var bytes = (byte[])stimuli.Data;
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = map(i, bytes[i]);
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, name);
        Npy.Write(path, new NdArray([4, 175, 175, 3], values, ElementType.Single));
        return path;
    }

    [Fact]
    public void FloatImagesOnThe0To255ScaleAreAccepted()
    {
        var path = FloatImages("images255.npy", (_, b) => b);
        var loaded = ImageSet.LoadArray(path);
        Assert.Equal(ElementType.Single, loaded.Type);
        Assert.Equal(128.0, loaded.GetDouble(0)); // the grey background
    }

    [Fact]
    public void FloatImagesScaledTo0To1AreRefusedWithTheFix()
    {
        var path = FloatImages("images01.npy", (_, b) => b / 255f);
        var error = Assert.Throws<DissimNetException>(() => ImageSet.LoadArray(path));
        Assert.Equal($"{path}: all 367500 pixel values (single) lie within [0, 1], but images given as numbers must be on the 0..255 scale; multiply them by 255", error.Message);

        var (exit, stdout, stderr) = CliHarness.Run("rdm", "--model", "resnet18-imagenet", "--images", path, "--out", Path.Combine(TempRoot, "out.npy"));
        Assert.Equal(2, exit);
        Assert.Equal($"error: {error.Message}", stderr.Trim());
        Assert.Empty(stdout);
    }

    [Fact]
    public void NonFiniteImagesAreRefusedWithTheirCount()
    {
        var path = FloatImages("nan.npy", (i, b) => i == 10 ? float.NaN : i == 2000 ? float.PositiveInfinity : b);
        var error = Assert.Throws<DissimNetException>(() => ImageSet.LoadArray(path));
        Assert.Equal($"{path}: 2 of 367500 pixel values (single) are NaN or infinite; images must hold finite values on the 0..255 scale", error.Message);
    }
}
