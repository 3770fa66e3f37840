using DissimNet.IO;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes the MAT v7.3 (HDF5, read with PureHDF) reader and its inventory.</summary>
[Collection("Fuzz")]
public sealed class Mat73FuzzTests
{
    internal static IReadOnlyList<FuzzSeed> Seeds()
    {
        var valid = Mat73Files.Of(("x", new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, "double"), ("n", new short[] { 1, -2, 3 }, "int16"));
        return
        [
            new("two-datasets", valid, Crafted:
            [
                ("46340 x 46340 chunked dataset of fill values", Mat73Files.Bomb()),
                ("a dataset of class 'cell' holding numbers", Mat73Files.Of(("c", new double[] { 1, 2 }, "cell"))),
                ("an unknown MATLAB class", Mat73Files.Of(("c", new double[] { 1, 2 }, "table"))),
                ("an empty dataset", Mat73Files.Of(("e", Array.Empty<double>(), "double"))),
                ("strings", Mat73Files.Of(("s", new[] { "a", "b" }, "char"))),
            ]),
        ];
    }

    [Fact]
    public void ReadNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("mat73", ".mat", Seeds(), path => Fingerprints.Of(MatReader.Read(path)), randomCases: 200,
            outsideOurCode: RsatoolboxFuzzTests.InPureHdf);

    [Fact]
    public void InventoryNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("mat73-inspect", ".mat", Seeds(), path => Fingerprints.Of(FileInventory.Describe(path)), randomCases: 60,
            outsideOurCode: RsatoolboxFuzzTests.InPureHdf);
}
