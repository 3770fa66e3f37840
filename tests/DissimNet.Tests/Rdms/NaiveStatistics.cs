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
