using DissimNet.IO;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes the .npy reader and the header-only inventory of .npy files.</summary>
[Collection("Fuzz")]
public sealed class NpyFuzzTests
{
    internal static IReadOnlyList<FuzzSeed> Seeds()
    {
        var doubles = Npy.Encode(new NdArray([3, 4], Enumerable.Range(0, 12).Select(i => i * 0.5 - 2).ToArray()));
        var ints = Npy.Encode(new NdArray([2, 2, 2], new short[] { 1, -2, 3, -4, 5, -6, 7, -8 }, ElementType.Int16));
        var bools = Npy.Encode(new NdArray([5], new[] { true, false, true, true, false }, ElementType.Logical));
        return
        [
            new("f8", doubles, Crafted:
            [
                Mutator.Replace(doubles, "(3, 4)", "(46340, 46340)"),
                Mutator.Replace(doubles, "(3, 4)", "(0, 4)"),
                Mutator.Replace(doubles, "(3, 4)", "(-1, 4)"),
                Mutator.Replace(doubles, "(3, 4)", "(3, -4)"),
                Mutator.Replace(doubles, "(3, 4)", "(99999999999, 1)"),
                Mutator.Replace(doubles, "(3, 4)", "(65536, 65536, 65536)"),
                Mutator.Replace(doubles, "(3, 4)", "(4, 3)"),
                Mutator.Replace(doubles, "(3, 4)", "(3, 4, 1, 1, 1, 1)"),
                Mutator.Replace(doubles, "(3, 4)", "()"),
                Mutator.Replace(doubles, "False", "True"),
                Mutator.Replace(doubles, "<f8", ">f8"),
                Mutator.Replace(doubles, "<f8", "<c16"),
                Mutator.Replace(doubles, "<f8", "O"),
                Mutator.Replace(doubles, "'descr'", "'descr': '<f4', 'descr'"),
            ]),
            new("i2", ints, Crafted: [Mutator.Replace(ints, "(2, 2, 2)", "(2, 2, 3)"), Mutator.Replace(ints, "(2, 2, 2)", "(2, 2, 1)")]),
            new("b1", bools),
        ];
    }

    [Fact]
    public void ReadNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("npy", ".npy", Seeds(), path => FuzzRunner.Fingerprint(Npy.Read(path)));

    [Fact]
    public void InventoryNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("npy-inspect", ".npy", Seeds(), path => Fingerprints.Of(FileInventory.Describe(path)), randomCases: 40);
}
