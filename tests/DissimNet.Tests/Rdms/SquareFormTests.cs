using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Tests.Rdms;

public class SquareFormTests
{
    [Fact]
    public void VectorListsRowMajorUpperTriangleLikeScipySquareform()
    {
        // scipy.spatial.distance.squareform([[0,1,2,3],[1,0,4,5],[2,4,0,6],[3,5,6,0]]) == [1,2,3,4,5,6]
        double[] square = [0, 1, 2, 3, 1, 0, 4, 5, 2, 4, 0, 6, 3, 5, 6, 0];
        Assert.Equal([1, 2, 3, 4, 5, 6], SquareForm.ToVector(square, 4));
        Assert.Equal(square, SquareForm.ToSquare([1, 2, 3, 4, 5, 6]));
        Assert.Equal(5, SquareForm.PairIndex(2, 3, 4));
        Assert.Equal(3, SquareForm.PairIndex(2, 1, 4));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(4186, 92)]
    [InlineData(6903, 118)]
    [InlineData(3003, 78)]
    public void ConditionCountSolvesTriangle(int pairs, int n)
    {
        Assert.Equal(n, SquareForm.ConditionCount(pairs));
        Assert.Null(SquareForm.ConditionCount(pairs + 1));
    }

    [Fact]
    public void SquareStackKeepsSubjectsAndTime()
    {
        var random = new Random(1);
        int n = 5;
        var data = new double[2 * 3 * n * n];
        for (int k = 0; k < 6; k++)
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++)
                    data[k * n * n + i * n + j] = data[k * n * n + j * n + i] = random.NextDouble();
        var stack = RdmStack.FromArray(new NdArray([2, 3, n, n], data), "meg.mat:x");
        Assert.True(stack.HasTimeAxis);
        Assert.Equal((2, 3, 5), (stack.SubjectCount, stack.TimeCount, stack.ConditionCount));
        Assert.Equal(data[4 * n * n + 1 * n + 3], stack.Vector(1, 1)[SquareForm.PairIndex(1, 3, n)]);
        Assert.Empty(stack.Warnings);
    }

    [Fact]
    public void RowVectorFromMatlabIsOneRdm()
    {
        var stack = RdmStack.FromArray(new NdArray([1, 6], new double[] { 1, 2, 3, 4, 5, 6 }), "x.mat:v");
        Assert.Equal(4, stack.ConditionCount);
        Assert.Equal([1], stack.LeadingShape);
    }

    [Fact]
    public void NonTriangularLengthIsAClearError()
    {
        var e = Assert.Throws<DissimNetException>(() => RdmStack.FromArray(new NdArray([3, 7], new double[21]), "f.npy"));
        Assert.Contains("f.npy", e.Message);
        Assert.Contains("n(n-1)/2", e.Message);
    }

    [Fact]
    public void AsymmetricMatrixIsAnErrorAndNonZeroDiagonalAWarning()
    {
        double[] asym = [0, 1, 2, 0];
        var e = Assert.Throws<DissimNetException>(() => RdmStack.FromArray(new NdArray([2, 2], asym), "a.mat:R"));
        Assert.Contains("symmetric", e.Message);
        double[] diagonal = [0.5, 1, 1, 0];
        var stack = RdmStack.FromArray(new NdArray([2, 2], diagonal), "a.mat:R");
        Assert.Single(stack.Warnings);
        Assert.Contains("diagonal", stack.Warnings[0]);
    }

    [Fact]
    public void ModelWithOtherConditionCountIsRefused()
    {
        var model = new Rdm(new double[SquareForm.PairCount(92)]);
        var target = new RdmStack(118, [3], new double[3 * SquareForm.PairCount(118)]);
        var e = Assert.Throws<DissimNetException>(() => RdmComparison.CompareToEach(model, target));
        Assert.Contains("92", e.Message);
        Assert.Contains("118", e.Message);
    }
}
