namespace DissimNet.Statistics;

/// <summary>Student's t distribution.</summary>
internal static class StudentT
{
    /// <summary>P(T &lt;= t) with <paramref name="degreesOfFreedom"/> &gt; 0.</summary>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t)) return double.NaN;
        if (double.IsPositiveInfinity(t)) return 1;
        if (double.IsNegativeInfinity(t)) return 0;
        double tail = 0.5 * SpecialFunctions.RegularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
        return t > 0 ? 1 - tail : tail;
    }

    /// <summary>P(|T| &gt;= |t|), the two-sided p-value.</summary>
    public static double TwoSidedP(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t)) return double.NaN;
        if (double.IsInfinity(t)) return 0;
        return SpecialFunctions.RegularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
    }

    /// <summary>The t with P(T &lt;= t) = <paramref name="probability"/> (scipy.stats.t.ppf), for confidence intervals.</summary>
    /// <remarks>MathNet's inverse gives the start; Newton steps on <see cref="Cdf"/> then make it as accurate as the CDF itself.</remarks>
    public static double Quantile(double probability, double degreesOfFreedom)
    {
        if (!(probability > 0 && probability < 1)) return probability == 0 ? double.NegativeInfinity : probability == 1 ? double.PositiveInfinity : double.NaN;
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, degreesOfFreedom, probability);
        for (int step = 0; step < 8; step++)
        {
            double density = MathNet.Numerics.Distributions.StudentT.PDF(0, 1, degreesOfFreedom, t);
            if (!(density > 0)) break;
            double change = (Cdf(t, degreesOfFreedom) - probability) / density;
            t -= change;
            if (Math.Abs(change) <= 1e-15 * Math.Max(1, Math.Abs(t))) break;
        }
        return t;
    }
}
