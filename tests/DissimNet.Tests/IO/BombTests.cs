using System.Diagnostics;
using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Networks;

namespace DissimNet.Tests.IO;

/// <summary>Each crafted bomb (a few KB declaring gigabytes) fails with a one-line DissimNetException, fast and without a large allocation.</summary>
public class BombTests() : TempFolderTests("bombs")
{
    const long MaxAllocation = 256L << 20;

    string Save(string name, byte[] bytes)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs the read on this thread, checking its time and what this thread allocated, and returns the error.</summary>
    static DissimNetException Refused(Action read)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var e = Assert.ThrowsAny<DissimNetException>(read);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxAllocation, $"allocated {allocated} bytes");
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void MatStructWithNoFieldsAndBillionsOfElements()
    {
        var path = Save("struct.mat", BombFiles.MatEmptyStruct());
        Assert.True(new FileInfo(path).Length < 300);
        var e = Refused(() => MatReader.Read(path));
        Assert.Contains("struct array 46340x46340", e.Message);
        Assert.Contains(ReadLimits.EnvironmentVariable, e.Message);
    }

    [Fact]
    public void MatCompressedElementClaimingGigabytes()
    {
        var path = Save("claim.mat", BombFiles.MatCompressedClaimingGigabytes());
        var e = Refused(() => MatReader.Read(path));
        Assert.Contains("compressed element declares", e.Message);
    }

    [Fact]
    public void MatCompressedElementInflatesNoFurtherThanItsTag()
    {
        var path = Save("overrun.mat", BombFiles.MatCompressedOverrun());
        Assert.True(new FileInfo(path).Length < 200_000);
        Refused(() => MatReader.Read(path));
    }

    [Fact]
    public void NpzMemberDeclaringTooLargeAShape()
    {
        var path = Save("bomb.npz", BombFiles.Npz("46340, 46340"));
        var e = Refused(() => Npz.Read(path));
        Assert.Contains("shape (46340, 46340)", e.Message);
        Refused(() => FileInventory.Describe(path));
    }

    [Fact]
    public void NpzInventoryReadsHeadersOnly()
    {
        var path = Save("big.npz", BombFiles.Npz("14000, 14000"));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var entry = Assert.Single(FileInventory.Describe(path));
        Assert.Equal("14000x14000", entry.Dimensions);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < MaxAllocation);
        Refused(() => Npz.Read(path)); // the data are 1 KB, not 1.5 GB: truncated
    }

    [Fact]
    public void MatInventoryOfLargeCompressedMatrixReadsHeadersOnly()
    {
        var bytes = BombFiles.MatLargeValidMatrix();
        Assert.True(bytes.Length < 2_000_000, $"{bytes.Length} bytes");
        var path = Save("big.mat", bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var entry = Assert.Single(FileInventory.Describe(path));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < MaxAllocation);
        Assert.Equal(("big", "double", "13000x13000"), (entry.Spec, entry.Class, entry.Dimensions));
    }

    [Fact]
    public void PngDeclaringThirtyThousandSquare()
    {
        var path = Save("huge.png", BombFiles.Png());
        Assert.True(new FileInfo(path).Length < 4096);
        var e = Refused(() => ImageSet.Decode(path));
        Assert.Contains("30000 x 30000 image", e.Message);
    }

    [Fact]
    public void SafetensorsDeclaringATensorPastTheFile()
    {
        var path = Save("huge.safetensors", BombFiles.Safetensors());
        var e = Refused(() => StateDictFile.Read(path));
        Assert.Contains("tensor 'w' of shape 100000 x 100000", e.Message);
        Assert.Contains("the file holds 16", e.Message);
    }

    [Fact]
    public void SafetensorsWhoseOffsetsDisagreeWithTheShape()
    {
        var path = Save("lying.safetensors", BombFiles.Safetensors(end: 16));
        var e = Refused(() => StateDictFile.Read(path));
        Assert.Contains("data_offsets span 16 bytes", e.Message);
    }

    [Fact]
    public void SymlinkToDevZeroIsNotRead()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "zero.npy");
        File.CreateSymbolicLink(path, "/dev/zero");
        var e = Refused(() => Npy.Read(path));
        Assert.Contains("not a regular file", e.Message);
        Refused(() => MatReader.Read(Path.ChangeExtension(File.CreateSymbolicLink(Path.Combine(TempRoot, "zero.mat"), "/dev/zero").FullName, ".mat")));
    }

    [Fact]
    public void LimitIsReadFromTheEnvironment()
    {
        Assert.True(ReadLimits.MaxArrayBytes is > 0 and <= 2L << 30);
        Assert.Equal(-1, ReadLimits.Bytes(long.MaxValue, 8));
    }
}
