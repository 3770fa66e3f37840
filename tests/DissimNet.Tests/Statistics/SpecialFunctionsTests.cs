using DissimNet.Statistics;

namespace DissimNet.Tests.Statistics;

public class SpecialFunctionsTests
{
    static readonly double[] Ts = [-40, -5.5, -2, -0.7, -1e-3, 0, 0.3, 1, 2.5, 7, 100];

    [Fact]
    public void TCdfWithOneDegreeIsCauchy()
    {
        foreach (var t in Ts)
            Assert.Equal(0.5 + Math.Atan(t) / Math.PI, StudentT.Cdf(t, 1), 12);
    }

    [Fact]
    public void TCdfWithTwoDegreesHasClosedForm()
    {
        foreach (var t in Ts)
            Assert.Equal(0.5 + t / (2 * Math.Sqrt(2 + t * t)), StudentT.Cdf(t, 2), 12);
    }

    [Fact]
    public void TCdfWithFourDegreesHasClosedForm()
    {
        // With s = t / sqrt(4 + t²): F(t) = 1/2 + s (3 - s²) / 4.
        foreach (var t in Ts)
        {
            double s = t / Math.Sqrt(4 + t * t);
            Assert.Equal(0.5 + s * (3 - s * s) / 4, StudentT.Cdf(t, 4), 12);
        }
    }

    [Fact]
    public void IncompleteBetaMatchesBinomialSumForIntegerArguments()
    {
        // I_x(a, b) = P(Binomial(a+b-1, x) >= a) for integer a, b.
        foreach (var (a, b) in new[] { (1, 1), (2, 3), (5, 2), (7, 7), (12, 30), (40, 3) })
            foreach (var x in new[] { 0.01, 0.2, 0.5, 0.77, 0.99 })
            {
                int n = a + b - 1;
                double sum = 0;
                for (int j = a; j <= n; j++) sum += Binomial(n, j) * Math.Pow(x, j) * Math.Pow(1 - x, n - j);
                Assert.Equal(sum, SpecialFunctions.RegularizedIncompleteBeta(x, a, b), 13);
            }
    }

    [Fact]
    public void IncompleteBetaWithUnitArgumentIsAPower()
    {
        foreach (var x in new[] { 0.05, 0.4, 0.93 })
        {
            Assert.Equal(Math.Pow(x, 2.7), SpecialFunctions.RegularizedIncompleteBeta(x, 2.7, 1), 13);
            Assert.Equal(1 - Math.Pow(1 - x, 0.35), SpecialFunctions.RegularizedIncompleteBeta(x, 1, 0.35), 13);
        }
    }

    [Fact]
    public void LogGammaMatchesFactorials()
    {
        double factorial = 1;
        for (int n = 1; n < 30; n++)
        {
            Assert.Equal(Math.Log(factorial), SpecialFunctions.LogGamma(n), 12);
            factorial *= n;
        }
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 14);
    }

    [Fact]
    public void TTestOfTwoValuesUsesCauchyTail()
    {
        double[] sample = [0.3, 0.9];
        var result = OneSampleTTest.Test(sample);
        double t = 0.6 / (Math.Sqrt(0.18) / Math.Sqrt(2));
        Assert.Equal(t, result.T, 12);
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.Equal(1 - 2 * Math.Atan(t) / Math.PI, result.PValue, 14);
    }

    static double Binomial(int n, int k)
    {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }
}
