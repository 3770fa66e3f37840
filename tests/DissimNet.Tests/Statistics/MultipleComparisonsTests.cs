using DissimNet.Statistics;

namespace DissimNet.Tests.Statistics;

public class MultipleComparisonsTests
{
    [Fact]
    public void BenjaminiHochbergMatchesHandWorkedExample()
    {
        // Sorted: 0.005 (rank 1), 0.01 (2), 0.03 (3), 0.04 (4), 0.20 (5); p x 5 / rank = 0.025, 0.025, 0.05, 0.05, 0.20;
        // the running minimum from the top changes nothing here. Back in the given order:
        var adjusted = MultipleComparisons.BenjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.20]);
        double[] expected = [0.025, 0.05, 0.05, 0.025, 0.20];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], adjusted[i], 1e-15);
    }

    [Fact]
    public void BenjaminiHochbergRunningMinimumKeepsOrder()
    {
        // p x 3 / rank = 0.03, 0.0225 (0.015 x 3 / 2), 0.03: the first is lowered to the second's 0.0225.
        var adjusted = MultipleComparisons.BenjaminiHochberg([0.01, 0.015, 0.03]);
        Assert.Equal(0.0225, adjusted[0], 1e-15);
        Assert.Equal(0.0225, adjusted[1], 1e-15);
        Assert.Equal(0.03, adjusted[2], 1e-15);
    }

    [Fact]
    public void NaNPValuesStayNaNAndDoNotCount()
    {
        var fdr = MultipleComparisons.Adjust([0.02, double.NaN, 0.04], MultipleComparisonCorrection.Fdr);
        Assert.Equal(0.04, fdr[0], 1e-15); // 0.02 x 2 / 1
        Assert.True(double.IsNaN(fdr[1]));
        Assert.Equal(0.04, fdr[2], 1e-15);
        var bonferroni = MultipleComparisons.Adjust([0.02, double.NaN, 0.6], MultipleComparisonCorrection.Bonferroni);
        Assert.Equal(0.04, bonferroni[0], 1e-15);
        Assert.Equal(1.0, bonferroni[2]);
        Assert.Equal([0.3, 0.7], MultipleComparisons.Adjust([0.3, 0.7], MultipleComparisonCorrection.None));
    }

    [Fact]
    public void UnknownNameIsASettingError()
    {
        var error = Assert.Throws<SettingException>(() => MultipleComparisons.Parse("holm"));
        Assert.Contains("fdr, bonferroni, none", error.Message);
    }
}
