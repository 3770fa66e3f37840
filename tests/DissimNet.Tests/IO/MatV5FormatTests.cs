using System.Text;
using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>MAT v5 layouts built byte by byte from the specification: byte orders, small elements, classes, chars, cells, nested structs.</summary>
public class MatV5FormatTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ColumnMajorThreeDimensionalArrayIsIndexedLikeMatlab(bool bigEndian)
    {
        var b = new MatBytes(bigEndian);
        // A(i,j,k) = its own 1-based MATLAB linear index i + 2(j-1) + 6(k-1), stored column-major.
        var values = Enumerable.Range(1, 24).Select(v => (double)v).ToArray();
        var path = MatBytes.Save(b.File(b.Matrix("A", MatBytes.Double, [2, 3, 4], false, b.Element(MatBytes.MiDouble, b.Doubles(values)))));
        var a = DataSpec.LoadArray(path + ":A");
        Assert.Equal([2, 3, 4], a.Shape);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    Assert.Equal(1 + i + 2 * j + 6 * k, a.GetDouble((i * 3 + j) * 4 + k));
    }

    [Fact]
    public void SmallDataElementsAndNarrowStorageAreRead()
    {
        var b = new MatBytes(bigEndian: false);
        // MATLAB stores a double 7 as one miUINT8 byte in a small element; the name 'x' is small too.
        var path = MatBytes.Save(b.File(b.Matrix("x", MatBytes.Double, [1, 1], false, b.Element(MatBytes.MiUInt8, [7], small: true))));
        var x = Assert.IsType<MatNumeric>(MatReader.Read(path)["x"]);
        Assert.Equal(ElementType.Double, x.Array.Type);
        Assert.Equal(7.0, x.Array.GetDouble(0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IntegerAndLogicalClassesKeepTheirType(bool bigEndian)
    {
        var b = new MatBytes(bigEndian);
        byte[] shorts = [.. b.U16(unchecked((ushort)-300)), .. b.U16(5)];
        var path = MatBytes.Save(b.File(
            b.Matrix("i16", MatBytes.Int16, [1, 2], false, b.Element(MatBytes.MiInt16, shorts, small: true)),
            b.Matrix("u64", MatBytes.UInt64, [1, 1], false, b.Element(MatBytes.MiUInt64, b.U64(ulong.MaxValue - 1))),
            b.Matrix("mask", MatBytes.UInt8, [2, 2], true, b.Element(MatBytes.MiUInt8, [1, 0, 0, 1], small: true))));
        var file = MatReader.Read(path);
        Assert.Equal(new short[] { -300, 5 }, ((MatNumeric)file["i16"]).Array.Data);
        Assert.Equal(new[] { ulong.MaxValue - 1 }, ((MatNumeric)file["u64"]).Array.Data);
        var mask = (MatNumeric)file["mask"];
        Assert.Equal("logical", mask.ClassName);
        Assert.Equal(new[] { true, false, false, true }, mask.Array.Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CharArraysDecodeUtf16AndUtf8(bool bigEndian)
    {
        var b = new MatBytes(bigEndian);
        var utf16 = (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetBytes("héllo");
        var utf8 = Encoding.UTF8.GetBytes("µV");
        var twoRows = Encoding.Unicode.GetBytes("acbd"); // ['ab'; 'cd'] column-major
        if (bigEndian) twoRows = Encoding.BigEndianUnicode.GetBytes("acbd");
        var path = MatBytes.Save(b.File(
            b.Matrix("word", MatBytes.Char, [1, 5], false, b.Element(MatBytes.MiUInt16, utf16)),
            b.Matrix("unit", MatBytes.Char, [1, 2], false, b.Element(MatBytes.MiUtf8, utf8, small: true)),
            b.Matrix("rows", MatBytes.Char, [2, 2], false, b.Element(MatBytes.MiUInt16, twoRows))));
        Assert.Equal(["héllo"], DataSpec.LoadStrings(path + ":word"));
        Assert.Equal(["µV"], DataSpec.LoadStrings(path + ":unit"));
        Assert.Equal(["ab", "cd"], DataSpec.LoadStrings(path + ":rows"));
    }

    [Fact]
    public void CellsAndNestedStructArraysAreFollowedByFieldPaths()
    {
        var b = new MatBytes(bigEndian: false);
        byte[] Row(double a, double c) => b.Matrix("", MatBytes.Double, [1, 3], false, b.Element(MatBytes.MiDouble, b.Doubles(a, a + 1, c)));
        // s.inner is a 1x2 struct with field v (1x3 rows); s.label is a char.
        var inner = b.Matrix("", MatBytes.Struct, [1, 2], false, b.FieldNames("v"), Row(1, 9), Row(10, 19));
        var label = b.Matrix("", MatBytes.Char, [1, 2], false, b.Element(MatBytes.MiUtf8, Encoding.UTF8.GetBytes("ok"), small: true));
        var s = b.Matrix("s", MatBytes.Struct, [1, 1], false, b.FieldNames("inner", "label"), inner, label);
        var cell = b.Matrix("c", MatBytes.Cell, [1, 2], false,
            b.Matrix("", MatBytes.Double, [1, 1], false, b.Element(MatBytes.MiDouble, b.Doubles(3))),
            b.Matrix("", MatBytes.Char, [1, 2], false, b.Element(MatBytes.MiUtf8, Encoding.UTF8.GetBytes("hi"), small: true)));
        var path = MatBytes.Save(b.File(b.Compressed(s), cell));

        var v = DataSpec.LoadArray(path + ":s.inner.v");
        Assert.Equal([2, 3], v.Shape);
        Assert.Equal([1.0, 2, 9, 10, 11, 19], v.ToDoubleArray());
        Assert.Equal(["ok"], DataSpec.LoadStrings(path + ":s.label"));

        var c = Assert.IsType<MatCell>(MatReader.Read(path)["c"]);
        Assert.Equal(3.0, ((MatNumeric)c.Elements[0]).Array.GetDouble(0));
        Assert.Equal("hi", ((MatChar)c.Elements[1]).Text);

        var error = Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path + ":s.inner.v.w"));
        Assert.Contains("'s.inner.v' is a 1x3 double array, not a struct", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void SparseArraysAreListedButRejectedWhenLoaded()
    {
        var b = new MatBytes(bigEndian: false);
        var sparse = b.Matrix("S", MatBytes.Sparse, [3, 3], false,
            b.Element(MatBytes.MiInt32, b.I32(0), small: true), b.Element(MatBytes.MiInt32, [.. b.I32(0), .. b.I32(1), .. b.I32(1), .. b.I32(1)]),
            b.Element(MatBytes.MiDouble, b.Doubles(5)));
        var path = MatBytes.Save(b.File(sparse));
        Assert.Equal("sparse", MatReader.Read(path)["S"].ClassName);
        var error = Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path + ":S"));
        Assert.Equal($"{path}: variable 'S' is a 3x3 sparse array: sparse arrays are not supported; convert it in MATLAB with full(x) and save again", error.Message);
    }
}
