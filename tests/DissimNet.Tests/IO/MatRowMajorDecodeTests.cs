using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>Column-major single and double arrays in the machine's byte order are decoded straight into row-major order
/// (no second array); the values land where MATLAB's indexing puts them, compressed or not, in either byte order.</summary>
public class MatRowMajorDecodeTests
{
    const int MxSingle = 7, MiSingle = 7;

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void SingleFourDimensionalArrayIsIndexedLikeMatlab(bool bigEndian, bool compress)
    {
        var b = new MatBytes(bigEndian);
        // A(i,j,k,l) = its own 1-based MATLAB linear index, stored column-major; the singleton axis changes no order.
        int[] dims = [2, 1, 3, 4];
        var values = Enumerable.Range(1, 24).Select(v => (float)v).ToArray();
        var bytes = values.SelectMany(v =>
        {
            var x = BitConverter.GetBytes(v);
            if (bigEndian == BitConverter.IsLittleEndian) Array.Reverse(x);
            return x;
        }).ToArray();
        var matrix = b.Matrix("A", MxSingle, dims, false, b.Element(MiSingle, bytes));
        var path = MatBytes.Save(b.File(compress ? b.Compressed(matrix) : matrix));
        var a = DataSpec.LoadArray(path + ":A");
        Assert.Equal(dims, a.Shape);
        Assert.Equal(ElementType.Single, a.Type);
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 3; k++)
                for (int l = 0; l < 4; l++)
                    Assert.Equal(1 + i + 2 * k + 6 * l, a.GetDouble((i * 3 + k) * 4 + l));
    }
}
