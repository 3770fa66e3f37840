using DissimNet.Rdms;

namespace DissimNet.Tests.Rdms;

public class RdmComparisonTests
{
    /// <summary>The methods defined on any vector; the whitened ones need whole RDMs (see <see cref="WhitenedMethodsSolveTheRdmCovarianceSystem"/>).</summary>
    static readonly ComparisonMethod[] AllMethods = Enum.GetValues<ComparisonMethod>().Where(m => !m.IsCovWeighted()).ToArray();

    static double Naive(ComparisonMethod m, double[] x, double[] y) => m switch
    {
        ComparisonMethod.Spearman => NaiveStatistics.Spearman(x, y),
        ComparisonMethod.Pearson => NaiveStatistics.Pearson(x, y),
        ComparisonMethod.KendallTauA => NaiveStatistics.KendallTauA(x, y),
        ComparisonMethod.KendallTauB => NaiveStatistics.KendallTauB(x, y),
        ComparisonMethod.RhoA => NaiveStatistics.RhoA(x, y),
        _ => NaiveStatistics.Cosine(x, y),
    };

    [Fact]
    public void EveryMethodMatchesTextbookFormulaOnDataWithTies()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = 15 + random.Next(300);
            var x = NaiveStatistics.WithTies(random, n, 2 + random.Next(12));
            var y = NaiveStatistics.WithTies(random, n, 2 + random.Next(12));
            foreach (var m in AllMethods)
                Assert.Equal(Naive(m, x, y), RdmComparison.Compare(x, y, m), 12);
        }
    }

    [Fact]
    public void TauAByMergeSortEqualsBruteForceCount()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = 2 + random.Next(400);
            var x = NaiveStatistics.WithTies(random, n, 1 + random.Next(20));
            var y = trial % 2 == 0 ? NaiveStatistics.WithTies(random, n, 1 + random.Next(20)) : x.Select(v => v + random.Next(3)).ToArray();
            Assert.Equal(NaiveStatistics.KendallTauA(x, y), RdmComparison.Compare(x, y, ComparisonMethod.KendallTauA), 13);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(12)]
    public void WhitenedMethodsSolveTheRdmCovarianceSystem(int n)
    {
        var random = new Random(n);
        int p = SquareForm.PairCount(n);
        var x = Enumerable.Range(0, p).Select(_ => random.NextDouble()).ToArray();
        var y = x.Select(v => v + random.NextDouble()).ToArray();
        Assert.Equal(NaiveStatistics.WhitenedCosine(x, y, n, centre: false), RdmComparison.Compare(x, y, ComparisonMethod.CosineCovWeighted), 12);
        Assert.Equal(NaiveStatistics.WhitenedCosine(x, y, n, centre: true), RdmComparison.Compare(x, y, ComparisonMethod.CorrelationCovWeighted), 12);
    }

    [Fact]
    public void WhitenedMethodsRefuseMissingPairs()
    {
        var x = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        var y = x.Select(v => v * v).ToArray();
        y[3] = double.NaN;
        foreach (var m in new[] { ComparisonMethod.CosineCovWeighted, ComparisonMethod.CorrelationCovWeighted })
            Assert.Contains("without missing (NaN) pairs", Assert.Throws<DissimNetException>(() => RdmComparison.Compare(x, y, m)).Message);
    }

    [Fact]
    public void TauBAndRhoAEqualTauAAndSpearmanWithoutTies()
    {
        var random = new Random(12);
        var x = Enumerable.Range(0, 300).Select(_ => random.NextDouble()).ToArray();
        var y = x.Select(v => v + random.NextDouble()).ToArray();
        Assert.Equal(RdmComparison.Compare(x, y, ComparisonMethod.KendallTauA), RdmComparison.Compare(x, y, ComparisonMethod.KendallTauB), 13);
        Assert.Equal(RdmComparison.Compare(x, y, ComparisonMethod.Spearman), RdmComparison.Compare(x, y, ComparisonMethod.RhoA), 13);
    }

    [Fact]
    public void RankCorrelationsIgnoreMonotoneTransforms()
    {
        var random = new Random(3);
        var x = NaiveStatistics.WithTies(random, 500, 40);
        var y = x.Select(v => v + 10 * random.NextDouble()).ToArray();
        var transformed = x.Select(v => Math.Exp(v / 5) - 3).ToArray();
        foreach (var m in new[] { ComparisonMethod.Spearman, ComparisonMethod.KendallTauA, ComparisonMethod.KendallTauB, ComparisonMethod.RhoA })
            Assert.Equal(RdmComparison.Compare(x, y, m), RdmComparison.Compare(transformed, y, m), 12);
        Assert.NotEqual(RdmComparison.Compare(x, y, ComparisonMethod.Pearson), RdmComparison.Compare(transformed, y, ComparisonMethod.Pearson), 6);
    }

    [Fact]
    public void PearsonIgnoresAffineTransforms()
    {
        var random = new Random(4);
        var x = Enumerable.Range(0, 300).Select(_ => random.NextDouble()).ToArray();
        var y = x.Select(v => v * v + random.NextDouble()).ToArray();
        var affine = x.Select(v => 3.5 * v - 12).ToArray();
        Assert.Equal(RdmComparison.Compare(x, y, ComparisonMethod.Pearson), RdmComparison.Compare(affine, y, ComparisonMethod.Pearson), 12);
    }

    [Fact]
    public void NaNPairsAreLeftOutOfEveryComparison()
    {
        var random = new Random(5);
        var x = NaiveStatistics.WithTies(random, 200, 30);
        var y = NaiveStatistics.WithTies(random, 200, 30);
        var missing = new HashSet<int> { 3, 17, 18, 150 };
        var xNaN = x.Select((v, i) => i == 3 || i == 150 ? double.NaN : v).ToArray();
        var yNaN = y.Select((v, i) => i == 17 || i == 18 ? double.NaN : v).ToArray();
        var keptX = x.Where((_, i) => !missing.Contains(i)).ToArray();
        var keptY = y.Where((_, i) => !missing.Contains(i)).ToArray();
        foreach (var m in AllMethods)
            Assert.Equal(Naive(m, keptX, keptY), RdmComparison.Compare(xNaN, yNaN, m), 12);
    }

    [Fact]
    public void ModelAgainstStackGivesOneValuePerRdmAndAveragesTimeForMeg()
    {
        var random = new Random(6);
        int n = 8, p = SquareForm.PairCount(n);
        var model = new Rdm(Enumerable.Range(0, p).Select(_ => random.NextDouble()).ToArray());
        var data = Enumerable.Range(0, 3 * 4 * p).Select(_ => random.NextDouble()).ToArray();
        data[5] = double.NaN; // one subject-time RDM with a missing pair takes the slow path
        var stack = new RdmStack(n, [3, 4], data);
        foreach (var m in AllMethods)
        {
            var each = RdmComparison.CompareToEach(model, stack, m);
            for (int k = 0; k < 12; k++)
                Assert.Equal(RdmComparison.Compare(model.Vector, stack.Vector(k), m), each[k], 14);
            var perSubject = RdmComparison.PerSubject(model, stack, m);
            Assert.Equal(each.Skip(4).Take(4).Average(), perSubject[1], 14);
        }
    }
}
