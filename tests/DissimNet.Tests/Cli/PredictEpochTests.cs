using DissimNet.IO;
using DissimNet.Training;

namespace DissimNet.Tests.Cli;

/// <summary>A negative epoch is refused before anything runs, rather than silently meaning "before training".</summary>
public sealed class PredictEpochTests() : TempFolderTests("predict-epoch")
{
    [Fact]
    public void NegativeEpochIsAOneLineParseError()
    {
        var (exit, _, stderr) = CliHarness.Run("predict", "--run", TempRoot, "--epoch", "-1", "--images", TempRoot, "--out", Path.Combine(TempRoot, "p.npy"));
        Assert.Equal(2, exit);
        Assert.Equal("error: --epoch must be 0 (before training) or a trained epoch, got -1 (see dissimnet predict --help)", stderr.Trim());
    }

    [Fact]
    public void NegativeEpochIsRefusedByTheLibraryToo()
    {
        var images = new NdArray([2, 8, 8, 3], new byte[2 * 8 * 8 * 3], ElementType.UInt8);
        var error = Assert.Throws<DissimNetException>(() => TrainedRun.Rdm(TempRoot, images, epoch: -2));
        Assert.Equal($"{TempRoot}: no epoch -2; epochs count from 0 (the weights before training)", error.Message);
    }
}
