using System.IO.Compression;
using DissimNet.IO;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes the .npz reader and its header-only inventory: stored and deflated archives, members with huge or
/// impossible shapes, and two members of one name.</summary>
[Collection("Fuzz")]
public sealed class NpzFuzzTests
{
    internal static byte[] Zip(CompressionLevel level, params (string Name, byte[] Bytes)[] members)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in members)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(bytes);
            }
        return buffer.ToArray();
    }

    internal static IReadOnlyList<FuzzSeed> Seeds()
    {
        var a = Npy.Encode(new NdArray([2, 3], [1, 2, 3, 4, 5, 6]));
        var b = Npy.Encode(new NdArray([4], new[] { 7, 8, 9, 10 }, ElementType.Int32));
        var huge = Mutator.Replace(a, "(2, 3)", "(46340, 46340)").Bytes;
        var longer = Mutator.Replace(a, "(2, 3)", "(2, 4)").Bytes;
        var zero = Mutator.Replace(a, "(2, 3)", "(0, 3)").Bytes;
        var deflated = Zip(CompressionLevel.Optimal, ("a.npy", a), ("b.npy", b));
        return
        [
            new("deflated", deflated, Crafted:
            [
                ("two members named a.npy", Zip(CompressionLevel.Optimal, ("a.npy", a), ("a.npy", b))),
                ("member declaring 46340 x 46340", Zip(CompressionLevel.Optimal, ("a.npy", huge))),
                ("member declaring more data than it holds", Zip(CompressionLevel.Optimal, ("a.npy", longer))),
                ("member of shape 0 x 3", Zip(CompressionLevel.Optimal, ("a.npy", zero))),
                ("empty member", Zip(CompressionLevel.Optimal, ("a.npy", []))),
                ("member that is not .npy", Zip(CompressionLevel.Optimal, ("a.npy", "not numpy"u8.ToArray()))),
            ]),
            new("stored", Zip(CompressionLevel.NoCompression, ("a.npy", a), ("b.npy", b))),
        ];
    }

    [Fact]
    public void ReadNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("npz", ".npz", Seeds(), path => Fingerprints.Of(Npz.Read(path)));

    [Fact]
    public void InventoryNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("npz-inspect", ".npz", Seeds(), path => Fingerprints.Of(FileInventory.Describe(path)), randomCases: 40);
}
