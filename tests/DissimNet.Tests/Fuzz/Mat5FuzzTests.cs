using System.Text;
using DissimNet.IO;
using DissimNet.Tests.IO;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes the MAT v5 reader (both byte orders, compressed and not, numeric, char, cell and struct) and its inventory.</summary>
[Collection("Fuzz")]
public sealed class Mat5FuzzTests
{
    internal static IReadOnlyList<FuzzSeed> Seeds()
    {
        var b = new MatBytes(bigEndian: false);
        byte[] Row(double a, double c) => b.Matrix("", MatBytes.Double, [1, 3], false, b.Element(MatBytes.MiDouble, b.Doubles(a, a + 1, c)));
        var inner = b.Matrix("", MatBytes.Struct, [1, 2], false, b.FieldNames("v"), Row(1, 9), Row(10, 19));
        var label = b.Matrix("", MatBytes.Char, [1, 2], false, b.Element(MatBytes.MiUtf8, Encoding.UTF8.GetBytes("ok"), small: true));
        var s = b.Matrix("s", MatBytes.Struct, [1, 1], false, b.FieldNames("inner", "label"), inner, label);
        var cell = b.Matrix("c", MatBytes.Cell, [1, 2], false, Row(3, 4),
            b.Matrix("", MatBytes.Char, [1, 2], false, b.Element(MatBytes.MiUtf8, Encoding.UTF8.GetBytes("hi"), small: true)));
        var nested = b.File(b.Compressed(s), cell);

        var big = new MatBytes(bigEndian: true);
        var bigEndian = big.File(big.Matrix("x", MatBytes.Double, [2, 2], false, big.Element(MatBytes.MiDouble, big.Doubles(1, 2, 3, 4))),
            big.Matrix("n", MatBytes.Int16, [1, 3], false, big.Element(MatBytes.MiInt16, [0, 1, 0, 2, 0xFF, 0xFF])));

        byte[] Numeric(int[] dims, int values) => b.File(b.Matrix("x", MatBytes.Double, dims, false, b.Element(MatBytes.MiDouble, b.Doubles(new double[values]))));
        return
        [
            new("nested", nested, Crafted:
            [
                ("struct 46340x46340 with no fields", BombFiles.MatEmptyStruct()),
                ("compressed element declaring 4 GB", BombFiles.MatCompressedClaimingGigabytes()),
                ("compressed element inflating past its tag", BombFiles.MatCompressedOverrun()),
                ("dims 0x3 with 3 values", Numeric([0, 3], 3)),
                ("dims -1x3", Numeric([-1, 3], 3)),
                ("dims 46340x46340 with 4 values", Numeric([46340, 46340], 4)),
                ("dims 65536x65536x65536", Numeric([65536, 65536, 65536], 1)),
                ("one dimension", b.File(b.Matrix("x", MatBytes.Double, [], false, b.Element(MatBytes.MiDouble, b.Doubles(1))))),
                ("cell 46340x46340", b.File(b.Matrix("c", MatBytes.Cell, [46340, 46340], false, Row(1, 2)))),
                ("struct with duplicate field names", b.File(b.Matrix("s", MatBytes.Struct, [1, 1], false, b.FieldNames("v", "v"), Row(1, 2), Row(3, 4)))),
                ("two variables of one name", b.File(b.Matrix("x", MatBytes.Double, [1, 1], false, b.Element(MatBytes.MiDouble, b.Doubles(1))),
                    b.Matrix("x", MatBytes.Double, [1, 1], false, b.Element(MatBytes.MiDouble, b.Doubles(2))))),
                ("compressed element nested in a compressed element", b.File(b.Compressed(b.Compressed(s)))),
            ]),
            new("big-endian", bigEndian),
        ];
    }

    [Fact]
    public void ReadNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("mat5", ".mat", Seeds(), path => Fingerprints.Of(MatReader.Read(path)));

    [Fact]
    public void InventoryNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("mat5-inspect", ".mat", Seeds(), path => Fingerprints.Of(FileInventory.Describe(path)), randomCases: 40);

    [Fact]
    public void DataSpecNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("mat5-spec", ".mat", Seeds().Take(1).ToList(), path => FuzzRunner.Fingerprint(DataSpec.LoadArray(path + ":s.inner.v")), randomCases: 40);
}
