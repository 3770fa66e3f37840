using DissimNet.Rdms;

namespace DissimNet.Tests.Rdms;

/// <summary>Textbook O(n²) versions of the statistics, written independently of the library to check it.</summary>
internal static class NaiveStatistics
{
    public static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>The RDM vector of the conditions drawn, built explicitly as a bootstrap over conditions resamples: every pair of
    /// draws except a condition with itself.</summary>
    public static double[] ResampledVector(ReadOnlySpan<double> vector, int n, int[] drawn)
    {
        var result = new List<double>();
        for (int a = 0; a < drawn.Length; a++)
            for (int b = a + 1; b < drawn.Length; b++)
                if (drawn[a] != drawn[b]) result.Add(vector[SquareForm.PairIndex(drawn[a], drawn[b], n)]);
        return [.. result];
    }

    /// <summary>Average ranks: 1 + (number smaller) + (number of other equal values) / 2.</summary>
    public static double[] AverageRanks(double[] x)
    {
        var ranks = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int smaller = 0, equal = 0;
            for (int j = 0; j < x.Length; j++)
            {
                if (x[j] < x[i]) smaller++;
                else if (x[j] == x[i] && j != i) equal++;
            }
            ranks[i] = 1 + smaller + equal / 2.0;
        }
        return ranks;
    }

    public static double Spearman(double[] x, double[] y) => Pearson(AverageRanks(x), AverageRanks(y));

    public static double KendallTauA(double[] x, double[] y)
    {
        long score = 0;
        int n = x.Length;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                score += Math.Sign(x[i] - x[j]) * Math.Sign(y[i] - y[j]);
        return score / (n * (n - 1) / 2.0);
    }

    /// <summary>rsatoolbox's rho-a: 12 Σ (r1 - mean)(r2 - mean) / (n³ - n) on average ranks.</summary>
    public static double RhoA(double[] x, double[] y)
    {
        var rx = AverageRanks(x);
        var ry = AverageRanks(y);
        double mx = rx.Average(), my = ry.Average(), s = 0;
        for (int i = 0; i < x.Length; i++) s += (rx[i] - mx) * (ry[i] - my);
        double n = x.Length;
        return 12 * s / (n * n * n - n);
    }

    /// <summary>Kendall's tau-b: (concordant - discordant) / sqrt((pairs untied in x)(pairs untied in y)).</summary>
    public static double KendallTauB(double[] x, double[] y)
    {
        long score = 0, untiedX = 0, untiedY = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = i + 1; j < x.Length; j++)
            {
                score += Math.Sign(x[i] - x[j]) * Math.Sign(y[i] - y[j]);
                if (x[i] != x[j]) untiedX++;
                if (y[i] != y[j]) untiedY++;
            }
        return score / Math.Sqrt((double)untiedX * untiedY);
    }

    /// <summary>rsatoolbox's whitened cosine v1ᵀ V⁻¹ v2 / sqrt(v1ᵀ V⁻¹ v1 · v2ᵀ V⁻¹ v2), with V built entry by entry:
    /// pair (i,j) against (k,l) is ((e_i - e_j)ᵀ(e_k - e_l))², the RDM covariance under identity pattern covariance.</summary>
    public static double WhitenedCosine(double[] x, double[] y, int n, bool centre)
    {
        if (centre) { double mx = x.Average(), my = y.Average(); x = x.Select(v => v - mx).ToArray(); y = y.Select(v => v - my).ToArray(); }
        var pairs = new List<(int I, int J)>();
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) pairs.Add((i, j));
        int p = pairs.Count;
        var v = new double[p, p];
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++)
            {
                var (i, j) = pairs[a];
                var (k, l) = pairs[b];
                double inner = (i == k ? 1 : 0) - (i == l ? 1 : 0) - (j == k ? 1 : 0) + (j == l ? 1 : 0);
                v[a, b] = inner * inner;
            }
        var wx = Solve(v, x);
        var wy = Solve(v, y);
        double xy = 0, xx = 0, yy = 0;
        for (int a = 0; a < p; a++) { xy += x[a] * wy[a]; xx += x[a] * wx[a]; yy += y[a] * wy[a]; }
        return xy / Math.Sqrt(xx * yy);
    }

    /// <summary>Gaussian elimination with partial pivoting.</summary>
    static double[] Solve(double[,] matrix, double[] rhs)
    {
        int n = rhs.Length;
        var a = (double[,])matrix.Clone();
        var b = (double[])rhs.Clone();
        for (int c = 0; c < n; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c])) pivot = r;
            for (int k = 0; k < n; k++) (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            (b[c], b[pivot]) = (b[pivot], b[c]);
            for (int r = c + 1; r < n; r++)
            {
                double f = a[r, c] / a[c, c];
                for (int k = c; k < n; k++) a[r, k] -= f * a[c, k];
                b[r] -= f * b[c];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int k = r + 1; k < n; k++) s -= a[r, k] * x[k];
            x[r] = s / a[r, r];
        }
        return x;
    }

    public static double Cosine(double[] x, double[] y)
    {
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++) { sxy += x[i] * y[i]; sxx += x[i] * x[i]; syy += y[i] * y[i]; }
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Random values drawn from a few levels so that ties are common.</summary>
    public static double[] WithTies(Random random, int n, int levels) =>
        Enumerable.Range(0, n).Select(_ => (double)random.Next(levels)).ToArray();
}
