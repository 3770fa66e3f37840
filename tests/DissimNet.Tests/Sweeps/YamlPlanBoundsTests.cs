using System.Diagnostics;
using System.Text;
using DissimNet.Sweeps;

namespace DissimNet.Tests.Sweeps;

/// <summary>A YAML plan's size is bounded before it is read into a tree: deep nesting, alias bombs, recursive anchors and a
/// second document are one line each, fast and without a large allocation.</summary>
public sealed class YamlPlanBoundsTests() : TempFolderTests("yaml-bounds")
{
    string Plan(string text)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, $"plan-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    static DissimNetException Refused(string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<DissimNetException>(() => SweepPlanReader.Read(path));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200L << 20, "allocated more than 200 MB");
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(path + ": ", e.Message);
        return e;
    }

    [Fact]
    public void DeepNestingIsRefused()
    {
        int depth = 20_000;
        var flow = new StringBuilder("command: train\ngrid:\n  seed: ").Append('[', depth).Append('1').Append(']', depth).Append('\n');
        Assert.Contains("nested more than 64 levels deep", Refused(Plan(flow.ToString())).Message);

        var block = new StringBuilder("command: train\n");
        for (int i = 0; i < 200; i++) block.Append(' ', i).Append($"k{i}:\n");
        Assert.Contains("nested more than 64 levels deep", Refused(Plan(block.ToString())).Message);
    }

    /// <summary>Found by the plan fuzzer: YamlDotNet's scanner throws InvalidOperationException, not a YamlException, on this.</summary>
    [Fact]
    public void AnUnclosedFlowMapFollowedByMoreItemsIsOneLine() =>
        Assert.Contains("not valid YAML (line ", Refused(Plan("command: train\ncases:\n  - {preset: ~\n  - {preset: b, seed: 1}\n")).Message);

    [Fact]
    public void AnAliasBombIsRefusedBeforeItExpands()
    {
        // Ten levels of ten aliases: 10^10 values once expanded, from 12 lines.
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 10; i++)
            bomb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        bomb.Append("command: train\ngrid:\n  seed: *a10\n");
        Assert.Contains("more than 100,000 values once its aliases are expanded", Refused(Plan(bomb.ToString())).Message);
    }

    [Fact]
    public void ARecursiveAnchorIsRefused()
    {
        Assert.Contains("not complete (a recursive structure)", Refused(Plan("command: train\ngrid: &g\n  seed: [1, *g]\n")).Message);
    }

    [Fact]
    public void ASecondDocumentIsRefusedNotIgnored()
    {
        Assert.Contains("a second YAML document", Refused(Plan("command: train\ngrid:\n  seed: [1, 2]\n---\ncommand: crossval\n")).Message);
    }

    [Fact]
    public void APlanWithModestAliasesStillReads()
    {
        var plan = SweepPlanReader.Read(Plan("command: train\noptions: &o\n  epochs: 1\ncases:\n  - seed: 1\n  - seed: 2\ngrid:\n  lr: &lrs [0.1, 0.01]\n"));
        Assert.Equal(2, plan.Cases.Count);
    }

    [Fact]
    public void AGridWhoseProductOverflowsIsOneLine()
    {
        // 20 axes of 10 values: 10^20 cells, beyond a 64-bit count.
        var text = "command: train\ngrid:\n" + string.Concat(Enumerable.Range(0, 20).Select(a => $"  axis{a}: [{string.Join(", ", Enumerable.Range(0, 10))}]\n"));
        Assert.Contains("more than 100,000 cells", Refused(Plan(text)).Message);
    }
}
