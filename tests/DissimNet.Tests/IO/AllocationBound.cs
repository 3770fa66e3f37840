using System.Diagnostics;

namespace DissimNet.Tests.IO;

/// <summary>Runs a read of a crafted file and fails when it allocates more than a bound on this thread (or runs far longer
/// than a read of a few KB can: a hang guard, not a speed check).</summary>
static class AllocationBound
{
    /// <summary>The bound the bomb tests use: 64 MB.</summary>
    public const long MaxAllocation = 64L << 20;

    public static T Run<T>(Func<T> action, TimeSpan hangGuard)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = action();
        Assert.True(clock.Elapsed < hangGuard, $"took {clock.Elapsed}");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxAllocation, $"allocated {allocated} bytes");
        return result;
    }

    /// <summary>Writes <paramref name="bytes"/> as <paramref name="name"/> in <paramref name="folder"/>.</summary>
    public static string Save(string folder, string name, byte[] bytes)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
