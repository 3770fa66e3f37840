namespace DissimNet.Statistics;

/// <summary>Log-gamma and the regularized incomplete beta function, in double precision.</summary>
internal static class SpecialFunctions
{
    // Lanczos approximation with g = 7 and 9 terms: relative error about 1e-15 for positive arguments.
    static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma needs x > 0");
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x); // reflection
        x -= 1;
        double sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>ln B(a, b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>The regularized incomplete beta function I_x(a, b) for a, b &gt; 0 and 0 &lt;= x &lt;= 1.</summary>
    /// <remarks>Evaluated by its continued fraction with the modified Lentz method, on whichever side of
    /// x = (a+1)/(a+b+2) it converges fast, using I_x(a,b) = 1 - I_{1-x}(b,a).</remarks>
    public static double RegularizedIncompleteBeta(double x, double a, double b)
    {
        if (!(a > 0) || !(b > 0)) throw new ArgumentOutOfRangeException(nameof(a), "I_x(a, b) needs a, b > 0");
        if (double.IsNaN(x)) return double.NaN;
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        if (x > (a + 1) / (a + b + 2)) return 1 - RegularizedIncompleteBeta(1 - x, b, a);
        double front = Math.Exp(a * Math.Log(x) + b * Math.Log(1 - x) - LogBeta(a, b)) / a;
        return front * ContinuedFraction(x, a, b);
    }

    /// <summary>1 / (1 + d1 / (1 + d2 / (1 + ...))) with the standard coefficients d_k of I_x(a, b).</summary>
    static double ContinuedFraction(double x, double a, double b)
    {
        const double tiny = 1e-300, epsilon = 1e-16;
        // Lentz for f = 0 + 1/(1 + d1/(1 + d2/...)); the first numerator is 1.
        double f = tiny, c = f, d = 0;
        for (int k = 0; k <= 10000; k++)
        {
            double numerator;
            if (k == 0) numerator = 1;
            else if (k % 2 == 0)
            {
                int m = k / 2;
                numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            }
            else
            {
                int m = (k - 1) / 2;
                numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            }
            d = 1 + numerator * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + numerator / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < epsilon) return f;
        }
        throw new InvalidOperationException($"incomplete beta continued fraction did not converge for x={x}, a={a}, b={b}");
    }
}
