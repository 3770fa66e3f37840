using DissimNet.Rdms;
using DissimNet.Reports;

namespace DissimNet.Tests.Reports;

/// <summary>A large RDM is drawn from block means read straight from its vector: each cell is the mean of its block of the
/// square matrix (NaN ignored), in the order asked for; a small RDM is drawn whole.</summary>
public class RdmDisplayTests
{
    static Rdm Sample(int n)
    {
        var square = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                square[i * n + j] = i == j ? 0 : Math.Abs(Math.Sin(i * 7 + j * 7) + i + j); // symmetric in i, j
        return new Rdm(SquareForm.ToVector(square, n));
    }

    /// <summary>The block mean computed from the full square, independently of the code under test.</summary>
    static double BlockMean(double[,] full, int[] order, int step, int r, int c)
    {
        int n = order.Length;
        var values = new List<double>();
        for (int i = r * step; i < Math.Min(n, (r + 1) * step); i++)
            for (int j = c * step; j < Math.Min(n, (c + 1) * step); j++)
                if (!double.IsNaN(full[order[i], order[j]])) values.Add(full[order[i], order[j]]);
        return values.Count == 0 ? double.NaN : values.Average();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EachCellIsTheMeanOfItsBlock(bool reordered)
    {
        const int n = 23;
        var rdm = Sample(n);
        var order = reordered ? Enumerable.Range(0, n).Reverse().ToArray() : Enumerable.Range(0, n).ToArray();
        var (matrix, step) = RdmMatrix.ForDisplay(rdm, reordered ? order : null, maxSide: 5);
        Assert.Equal(5, step);
        Assert.Equal(5, matrix.GetLength(0));
        var full = RdmMatrix.ToMatrix(rdm);
        for (int r = 0; r < 5; r++)
            for (int c = 0; c < 5; c++)
                Assert.Equal(BlockMean(full, order, step, r, c), matrix[r, c], 12);
    }

    [Fact]
    public void MissingValuesAreLeftOutOfTheMean()
    {
        var vector = Sample(6).Vector;
        vector[SquareForm.PairIndex(0, 1, 6)] = double.NaN;
        var rdm = new Rdm(vector);
        var (matrix, _) = RdmMatrix.ForDisplay(rdm, null, maxSide: 3);
        var full = RdmMatrix.ToMatrix(rdm);
        Assert.Equal((full[0, 0] + full[1, 1]) / 2, matrix[0, 0], 12); // both off-diagonal pairs are NaN
        Assert.False(double.IsNaN(matrix[0, 1]));
    }

    [Fact]
    public void ASmallRdmIsDrawnWhole()
    {
        var rdm = Sample(9);
        var (matrix, step) = RdmMatrix.ForDisplay(rdm, null, maxSide: 760);
        Assert.Equal(1, step);
        Assert.Equal(RdmMatrix.ToMatrix(rdm), matrix);
    }
}
