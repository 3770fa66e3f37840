using DissimNet.Rdms;

namespace DissimNet.Tests.Rdms;

/// <summary>Lawson-Hanson NNLS against hand-worked problems, the KKT conditions, and an exhaustive search over active sets.</summary>
public sealed class NonNegativeLeastSquaresTests
{
    [Fact]
    public void UnconstrainedNegativeCoefficientIsClampedAndTheOtherRefitted()
    {
        // t = 4 c1 - 1 c2 exactly, so least squares gives (4, -1). With x >= 0: c1 alone gives x1 = c1·t / c1·c1 = 6/3 = 2,
        // residual (1, 0, -1), and c2·r = 1 - 3 = -2 < 0, so adding c2 cannot help; c2 alone leaves c1·r = 24/14 > 0. Answer (2, 0).
        double[] c1 = [1, 1, 1], c2 = [1, 2, 3], t = [3, 2, 1];
        var x = NonNegativeLeastSquares.Solve([c1, c2], t);
        Assert.Equal(2, x[0], 12);
        Assert.Equal(0, x[1]);
        AssertKkt([c1, c2], t, x);
    }

    [Fact]
    public void InteriorSolutionIsTheLeastSquaresOne()
    {
        // Orthogonal unit columns: x_j = c_j·t; both positive.
        double[] c1 = [1, 0, 0], c2 = [0, 1, 0], t = [1, 2, 3];
        var x = NonNegativeLeastSquares.Solve([c1, c2], t);
        Assert.Equal(1, x[0], 12);
        Assert.Equal(2, x[1], 12);
    }

    [Fact]
    public void IdentityWithANegativeTargetEntryKeepsOnlyThePositivePart()
    {
        var x = NonNegativeLeastSquares.Solve([[1.0, 0], [0, 1.0]], [1, -1]);
        Assert.Equal([1.0, 0.0], x);
    }

    [Fact]
    public void DependentAndZeroColumnsGiveAFeasibleMinimum()
    {
        // c3 = c1 + c2: the minimum ||r||² = 1 (the third entry of t) is reached by many x; any of them will do.
        double[] c1 = [1, 0, 0], c2 = [0, 1, 0], c3 = [1, 1, 0], zero = [0, 0, 0], t = [1, 1, 1];
        var x = NonNegativeLeastSquares.Solve([c1, c2, c3, zero], t);
        Assert.All(x, v => Assert.True(v >= 0));
        Assert.Equal(0, x[3]);
        Assert.Equal(1, Residual([c1, c2, c3, zero], t, x), 10);
        AssertKkt([c1, c2, c3, zero], t, x);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void MatchesTheBestFeasibleLeastSquaresFitOverEveryActiveSet(int seed)
    {
        var rng = new Random(seed);
        int rows = 12, k = 5;
        var columns = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, rows).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var t = Enumerable.Range(0, rows).Select(_ => rng.NextDouble() * 2 - 0.7).ToArray();
        var x = NonNegativeLeastSquares.Solve(columns, t);
        AssertKkt(columns, t, x);
        // Oracle: the NNLS minimum is the unconstrained least-squares fit on some subset whose weights are all >= 0.
        double best = Residual(columns, t, new double[k]);
        for (int mask = 1; mask < 1 << k; mask++)
        {
            var subset = Enumerable.Range(0, k).Where(j => (mask >> j & 1) == 1).ToArray();
            var w = LeastSquares(subset.Select(j => columns[j]).ToArray(), t);
            if (w.All(v => v >= 0))
            {
                var full = new double[k];
                for (int i = 0; i < subset.Length; i++) full[subset[i]] = w[i];
                best = Math.Min(best, Residual(columns, t, full));
            }
        }
        Assert.Equal(best, Residual(columns, t, x), 10);
    }

    /// <summary>x >= 0; the gradient Aᵀ(t - Ax) is 0 where x > 0 and <= 0 where x = 0.</summary>
    static void AssertKkt(double[][] columns, double[] t, double[] x)
    {
        var r = t.Select((v, i) => v - columns.Select((c, j) => c[i] * x[j]).Sum()).ToArray();
        for (int j = 0; j < columns.Length; j++)
        {
            Assert.True(x[j] >= 0, $"x[{j}] = {x[j]}");
            double g = columns[j].Zip(r, (a, b) => a * b).Sum();
            if (x[j] > 0) Assert.True(Math.Abs(g) < 1e-9, $"gradient {g} at positive x[{j}]");
            else Assert.True(g < 1e-9, $"gradient {g} > 0 at x[{j}] = 0");
        }
    }

    static double Residual(double[][] columns, double[] t, double[] x) =>
        t.Select((v, i) => v - columns.Select((c, j) => c[i] * x[j]).Sum()).Sum(e => e * e);

    /// <summary>Unconstrained least squares by Gauss-Jordan on the normal equations (small, well-conditioned random problems).</summary>
    static double[] LeastSquares(double[][] columns, double[] t)
    {
        int k = columns.Length;
        var a = new double[k, k + 1];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++) a[i, j] = columns[i].Zip(columns[j], (p, q) => p * q).Sum();
            a[i, k] = columns[i].Zip(t, (p, q) => p * q).Sum();
        }
        for (int c = 0; c < k; c++)
        {
            int pivot = Enumerable.Range(c, k - c).MaxBy(r => Math.Abs(a[r, c]));
            for (int j = 0; j <= k; j++) (a[c, j], a[pivot, j]) = (a[pivot, j], a[c, j]);
            for (int r = 0; r < k; r++)
            {
                if (r == c) continue;
                double f = a[r, c] / a[c, c];
                for (int j = 0; j <= k; j++) a[r, j] -= f * a[c, j];
            }
        }
        return Enumerable.Range(0, k).Select(i => a[i, k] / a[i, i]).ToArray();
    }
}
