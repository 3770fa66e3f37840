using System.Diagnostics;
using DissimNet.Cli;
using DissimNet.Tests.IO;

namespace DissimNet.Tests.Cli;

/// <summary>The CLI on bombs: <c>inspect</c> reads headers only, and <c>--bootstrap</c> is capped with a one-line error.</summary>
public class BombCommandTests() : TempFolderTests("bomb-cli")
{
    [Fact]
    public void InspectListsALargeCompressedMatrixFromItsHeader()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "big.mat");
        File.WriteAllBytes(path, BombFiles.MatLargeValidMatrix());
        var clock = Stopwatch.StartNew();
        var (exit, output, error) = CliHarness.Run("inspect", path);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("big double 13000x13000", output.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
    }

    [Fact]
    public void HugeBootstrapExitsTwoWithOneLine()
    {
        Directory.CreateDirectory(TempRoot);
        var model = Path.Combine(TempRoot, "model.csv");
        File.WriteAllText(model, "0,1,2\n1,0,3\n2,3,0\n");
        var (exit, output, error) = CliHarness.Run("score", "--model", model, "--target", model, "--bootstrap", "2000000000");
        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("--bootstrap must be 0 to 1000000, got 2000000000", line);
    }
}
