using System.IO.Compression;
using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>Large compressed float64 and float32 arrays are inflated piece by piece straight into row-major order: the values
/// land where MATLAB's indexing puts them (across pieces of the stream), equal to the same array stored uncompressed, and a
/// damaged stream still fails with the reader's message.</summary>
public class MatStreamedInflateTests
{
    const int MxDouble = 6, MxSingle = 7, MiSingle = 7;

    /// <summary>A(i,j,k) = its own 1-based MATLAB linear index (with some NaN), stored column-major; more than 1 MB as doubles.</summary>
    static (byte[] Matrix, int[] Dims) Array3(MatBytes b, bool single)
    {
        int[] dims = [3, 250, 301];
        int count = dims[0] * dims[1] * dims[2];
        var values = Enumerable.Range(1, count).Select(v => v % 1000 == 7 ? double.NaN : v).ToArray();
        var data = single
            ? b.Element(MiSingle, values.SelectMany(v => BitConverter.GetBytes((float)v)).ToArray())
            : b.Element(MatBytes.MiDouble, b.Doubles(values));
        return (b.Matrix("RDMs", single ? MxSingle : MxDouble, dims, false, data), dims);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LargeArrayIsIndexedLikeMatlabAndEqualsTheUncompressedRead(bool single)
    {
        var b = new MatBytes(!BitConverter.IsLittleEndian);
        var (matrix, dims) = Array3(b, single);
        var streamed = DataSpec.LoadArray(MatBytes.Save(b.File(b.Compressed(matrix))) + ":RDMs");
        var whole = DataSpec.LoadArray(MatBytes.Save(b.File(matrix)) + ":RDMs");
        Assert.Equal(dims, streamed.Shape);
        Assert.Equal(single ? ElementType.Single : ElementType.Double, streamed.Type);
        Assert.Equal(whole.Type, streamed.Type);
        for (int i = 0; i < dims[0]; i++)
            for (int j = 0; j < dims[1]; j++)
                for (int k = 0; k < dims[2]; k++)
                {
                    int row = (i * dims[1] + j) * dims[2] + k, matlab = 1 + i + dims[0] * (j + dims[1] * k);
                    double expected = matlab % 1000 == 7 ? double.NaN : matlab;
                    Assert.Equal(expected, streamed.GetDouble(row));
                    Assert.Equal(whole.GetDouble(row), streamed.GetDouble(row));
                }
    }

    [Fact]
    public void TruncatedStreamFailsWithTheReadersMessage()
    {
        var b = new MatBytes(!BitConverter.IsLittleEndian);
        var (matrix, _) = Array3(b, single: false);
        // The element's zlib stream is cut in the middle of the data (the tag still claims the full length).
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(matrix);
        var cut = packed.ToArray()[..(int)(packed.Length / 2)];
        var path = MatBytes.Save(b.File([.. b.U32(MatBytes.MiCompressed), .. b.U32((uint)cut.Length), .. cut]));
        var error = Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path + ":RDMs"));
        Assert.Matches("corrupt|truncated", error.Message);
    }
}
