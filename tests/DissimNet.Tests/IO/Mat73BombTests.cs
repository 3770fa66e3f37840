using System.Diagnostics;
using DissimNet.IO;
using DissimNet.Tests.Fuzz;

namespace DissimNet.Tests.IO;

/// <summary>A MAT v7.3 file of under 2 KB declaring a 46340 x 46340 double dataset (one chunk, never written: all fill
/// value) is refused with one line before allocating, and listed by the inventory from its headers; .npy inventories read
/// headers only too.</summary>
public class Mat73BombTests() : TempFolderTests("mat73-bomb")
{
    string Save(string name, byte[] bytes) => AllocationBound.Save(TempRoot, name, bytes);

    static T Bounded<T>(Func<T> action) => AllocationBound.Run(action, TimeSpan.FromSeconds(2));

    [Fact]
    public void ReadingTheBombIsALimitErrorBeforeAllocating()
    {
        var path = Save("bomb.mat", Mat73Files.Bomb());
        Assert.True(new FileInfo(path).Length < 2048, $"{new FileInfo(path).Length} bytes");
        var e = Bounded(() => Assert.Throws<DissimNetException>(() => MatReader.Read(path)));
        Assert.Equal($"{path}: variable 'big': dataset 46340x46340 declares 17.179 GB (17179164800 bytes), more than the limit of " +
            $"{ReadLimits.Describe(ReadLimits.MaxArrayBytes)} per array (corrupt file? set {ReadLimits.EnvironmentVariable} to allow more)", e.Message);
    }

    [Fact]
    public void TheInventoryDescribesTheBombFromItsHeaders()
    {
        var path = Save("bomb.mat", Mat73Files.Bomb());
        var entry = Assert.Single(Bounded(() => FileInventory.Describe(path)));
        Assert.Equal(("big", "double", "46340x46340"), (entry.Spec, entry.Class, entry.Dimensions));
    }

    [Fact]
    public void TheInventoryStillReadsShortTextsAndRefusesTruncatedFiles()
    {
        var bytes = Mat73Files.Of(("label", new ushort[,] { { 'h' }, { 'e' }, { 'l' }, { 'l' }, { 'o' } }, "char"), ("x", new double[] { 1, 2 }, "double"));
        var path = Save("text.mat", bytes);
        var entries = FileInventory.Describe(path);
        Assert.Equal("'hello'", entries.Single(e => e.Spec == "label").Note);
        Assert.Equal("double", entries.Single(e => e.Spec == "x").Class);
        var cut = Save("cut.mat", bytes[..^40]);
        Assert.Contains("file is truncated: its HDF5 superblock says it ends at byte", Assert.Throws<DissimNetException>(() => FileInventory.Describe(cut)).Message);
    }

    [Fact]
    public void NpyInventoryReadsTheHeaderOnly()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "big.npy");
        var encoded = Npy.Encode(new NdArray([1, 1], [0.0]));
        var text = System.Text.Encoding.Latin1.GetString(encoded).Replace("(1, 1)", "(2000, 2000)");
        int dataStart = text.IndexOf('\n') + 1;
        using (var file = File.Create(path))
        {
            file.Write(System.Text.Encoding.Latin1.GetBytes(text[..dataStart]));
            file.SetLength(dataStart + 8L * 2000 * 2000); // 32 MB of zeros (sparse)
        }
        var entry = Assert.Single(Bounded(() => FileInventory.Describe(path)));
        Assert.Equal(("big.npy", "double", "2000x2000"), (entry.Spec, entry.Class, entry.Dimensions));
        long before = GC.GetAllocatedBytesForCurrentThread();
        FileInventory.Describe(path);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the inventory read the data");

        File.WriteAllBytes(path, File.ReadAllBytes(path)[..(dataStart + 100)]);
        Assert.Contains("file is truncated", Assert.Throws<DissimNetException>(() => FileInventory.Describe(path)).Message);
    }
}
