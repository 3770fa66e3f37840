using DissimNet.IO;
using DissimNet.Training;

namespace DissimNet.Tests.IO;

/// <summary>DissimNet's own records (summary.json, crossval.json, plans, label lists) and checkpoints are read only from regular
/// files of a sane size: a device, a pipe or a huge sparse file in their place gives one line instead of a hang or a memory blow-up.</summary>
public sealed class RecordFileTests() : TempFolderTests("records")
{
    static readonly Func<string, object?>[] Readers =
    [
        p => TrainingSummary.Load(p),
        p => CrossValidationResult.Load(p),
        p => CategoryLabels.Load(p, 3),
        p => { CheckpointFile.Read(p, () => File.ReadAllBytes(p)); return null; },
    ];

    string Link(string name, string target)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, name);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    [Fact]
    public void ADeviceInPlaceOfARecordIsRefusedWithoutReading()
    {
        if (OperatingSystem.IsWindows()) return;
        foreach (var read in Readers)
        {
            var e = Assert.Throws<DissimNetException>(() => read(Link($"zero-{Guid.NewGuid():N}.json", "/dev/zero")));
            Assert.Contains("not a regular file", e.Message);
        }
    }

    [Fact]
    public async Task APipeInPlaceOfARecordIsRefusedWithoutBlocking()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(TempRoot);
        var fifo = Path.Combine(TempRoot, "summary.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
        // Opening a pipe for reading blocks until a writer comes; the check must refuse before opening.
        var read = Task.Run(() => Assert.Throws<DissimNetException>(() => TrainingSummary.Load(fifo)));
        var e = await read.WaitAsync(TimeSpan.FromSeconds(20)); // a TimeoutException here means the read blocked
        Assert.Contains("not a regular file", e.Message);
    }

    [Fact]
    public void AHugeSparseRecordIsRefusedBeforeItIsRead()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "summary.json");
        using (var file = File.Create(path)) file.SetLength(FileBytes.MaxTextBytes + 1); // sparse: takes no disk
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DissimNetException>(() => TrainingSummary.Load(path));
        Assert.Contains("more than the 64 MB a training summary can be", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the file was read before it was refused");
        Assert.Equal(path + ": " + ReadLimits.Describe(FileBytes.MaxTextBytes + 1) + ", more than the 64 MB a training summary can be; expected a training summary", e.Message);
    }
}
