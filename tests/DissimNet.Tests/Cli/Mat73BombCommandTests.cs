using System.Diagnostics;
using DissimNet.Cli;
using DissimNet.IO;
using DissimNet.Tests.Fuzz;

namespace DissimNet.Tests.Cli;

/// <summary>The CLI on a MAT v7.3 bomb (under 2 KB declaring a 46340 x 46340 dataset): <c>inspect</c> lists it from its
/// headers, <c>score</c> refuses it with one line naming the limit, each fast and without a large allocation.</summary>
public class Mat73BombCommandTests() : TempFolderTests("mat73-bomb-cli")
{
    string Bomb()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "bomb.mat");
        File.WriteAllBytes(path, Mat73Files.Bomb());
        return path;
    }

    static (int Exit, string Output, string Error) RunBounded(params string[] args)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = CliHarness.Run(args);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 128L << 20, $"allocated {allocated} bytes");
        return result;
    }

    [Fact]
    public void InspectListsTheBombFromItsHeaders()
    {
        var (exit, output, error) = RunBounded("inspect", Bomb());
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("big double 46340x46340", output.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
    }

    [Fact]
    public void ScoreRefusesTheBombWithOneLine()
    {
        var bomb = Bomb();
        var (exit, output, error) = RunBounded("score", "--model", bomb + ":big", "--target", bomb + ":big");
        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"error: {bomb}: variable 'big': dataset 46340x46340 declares 17.179 GB", line);
        Assert.Contains(ReadLimits.EnvironmentVariable, line);
    }
}
