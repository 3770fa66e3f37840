using DissimNet.Rdms;

namespace DissimNet.Tests.Rdms;

public class ClassicalMdsTests
{
    static double[,] Distances(double[,] points)
    {
        int n = points.GetLength(0), dims = points.GetLength(1);
        var d = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < dims; k++) sum += Math.Pow(points[i, k] - points[j, k], 2);
                d[i, j] = Math.Sqrt(sum);
            }
        return d;
    }

    [Fact]
    public void Recovers_planar_points_up_to_rotation_reflection_and_translation()
    {
        var random = new Random(7);
        var points = new double[15, 2];
        for (int i = 0; i < 15; i++) { points[i, 0] = 10 * random.NextDouble() - 3; points[i, 1] = 4 * random.NextDouble() + 1; }
        var input = Distances(points);

        var embedding = ClassicalMds.Embed(input);
        var recovered = Distances(embedding.Coordinates);

        for (int i = 0; i < 15; i++)
            for (int j = 0; j < 15; j++)
                Assert.True(Math.Abs(recovered[i, j] - input[i, j]) < 1e-9, $"distance [{i},{j}]: {recovered[i, j]} vs {input[i, j]}");
        Assert.True(embedding.Eigenvalues[0] >= embedding.Eigenvalues[1]);
        Assert.Equal(1.0, embedding.ExplainedFraction(0) + embedding.ExplainedFraction(1), 9);
    }

    [Fact]
    public void First_axis_of_collinear_points_carries_all_the_variance_and_the_centred_positions()
    {
        // Points at 0, 1, 3 and 6 on a line: centred positions -2.5, -1.5, 0.5, 3.5 (sign fixed: largest magnitude positive).
        double[] line = [0, 1, 3, 6];
        var d = new double[4, 4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) d[i, j] = Math.Abs(line[i] - line[j]);

        var embedding = ClassicalMds.Embed(d);

        double[] expected = [-2.5, -1.5, 0.5, 3.5];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], embedding.Coordinates[i, 0], 9);
            Assert.Equal(0, embedding.Coordinates[i, 1], 6);
        }
        Assert.Equal(expected.Sum(x => x * x), embedding.Eigenvalues[0], 9);
        Assert.Equal(1.0, embedding.ExplainedFraction(0), 9);
    }

    [Fact]
    public void Rejects_asymmetric_or_non_finite_input()
    {
        Assert.Throws<ArgumentException>(() => ClassicalMds.Embed(new double[,] { { 0, 1 }, { 2, 0 } }));
        Assert.Throws<ArgumentException>(() => ClassicalMds.Embed(new double[,] { { 0, double.NaN }, { double.NaN, 0 } }));
        Assert.Throws<ArgumentException>(() => ClassicalMds.Embed(new double[2, 3]));
    }
}
