using DissimNet.IO;

namespace DissimNet.Tests.Cli;

/// <summary>Crafted files whose error used to describe a different problem: each message now names the real one.</summary>
public sealed class MisleadingMessageTests() : TempFolderTests("misleading")
{
    string WriteNpy(string name, NdArray array)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, name);
        DissimNet.IO.Npy.Write(path, array);
        return path;
    }

    static NdArray Rdm4(double corner = 0.5)
    {
        var values = new double[16];
        for (int i = 0; i < 4; i++)
            for (int j = i + 1; j < 4; j++) values[i * 4 + j] = values[j * 4 + i] = 0.1 * (i + 2 * j);
        values[1] = values[4] = corner;
        return new NdArray([1, 4, 4], values);
    }

    string Score(string target)
    {
        var (exit, _, stderr) = CliHarness.Run("score", "--model", WriteNpy("model.npy", Rdm4()), "--target", target);
        Assert.Equal(2, exit);
        return stderr.Trim();
    }

    [Fact]
    public void AnInfiniteDissimilarityIsCalledInfiniteNotAsymmetric()
    {
        var target = WriteNpy("inf.npy", Rdm4(double.PositiveInfinity));
        Assert.Equal($"error: {target} (RDM 0): entry (0,1) = Infinity and (1,0) = Infinity; dissimilarities must be finite (NaN marks a missing pair)", Score(target));
    }

    [Fact]
    public void AnInfinitePairInAVectorIsCalledInfinite()
    {
        var target = WriteNpy("infvec.npy", new NdArray([6], [0.1, 0.2, double.NegativeInfinity, 0.4, 0.5, 0.6]));
        Assert.Equal($"error: {target}: pair 2 is -Infinity; dissimilarities must be finite (NaN marks a missing pair)", Score(target));
    }

    [Fact]
    public void AOneByOneMatrixIsOneConditionNotTwo()
    {
        var target = WriteNpy("one.npy", new NdArray([1, 1], [0.0]));
        Assert.Equal($"error: {target}: a 1 x 1 matrix (array of shape 1 x 1) holds one condition; an RDM needs at least 2 conditions", Score(target));
    }

    [Fact]
    public void AnIndexBeyondIntIsTooLargeNotAnUnknownFileType()
    {
        var target = WriteNpy("stack.npy", Rdm4());
        Assert.Equal($"error: {target}: index [9999999999] is too large for any stack (indices count from 0)", Score(target + "[9999999999]"));
    }

    [Fact]
    public void AHoldoutThatLeavesTooFewTrainingImagesSaysSo()
    {
        var images = WriteNpy("images.npy", new NdArray([6, 8, 8, 3], new byte[6 * 8 * 8 * 3], ElementType.UInt8));
        var rdms = new double[3 * 36];
        for (int s = 0; s < 3; s++)
            for (int i = 0; i < 6; i++)
                for (int j = i + 1; j < 6; j++) rdms[s * 36 + i * 6 + j] = rdms[s * 36 + j * 6 + i] = 1 + i + j + s;
        var target = WriteNpy("target.npy", new NdArray([3, 6, 6], rdms));
        var (exit, _, stderr) = CliHarness.Run("train", "--images", images, "--target", target, "--holdout-fraction", "0.75", "--model", "resnet18",
            "--size", "32", "--epochs", "1", "--out", Path.Combine(TempRoot, "run"));
        Assert.Equal(2, exit);
        Assert.StartsWith("error: a holdout fraction of 0.75 of image set ", stderr.Trim());
        Assert.Contains("(6 images) holds out 4 and keeps 2 for training; validation and training each need at least 3 images", stderr);
        Assert.DoesNotContain("3 x 2 x 2", stderr);
    }
}
