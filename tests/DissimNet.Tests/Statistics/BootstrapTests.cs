using DissimNet.Tests.Rdms;
using DissimNet.Statistics;
using DissimNet.Rdms;

namespace DissimNet.Tests.Statistics;

public class BootstrapTests
{
    [Theory]
    [InlineData(ComparisonMethod.Spearman)]
    [InlineData(ComparisonMethod.Pearson)]
    [InlineData(ComparisonMethod.KendallTauA)]
    [InlineData(ComparisonMethod.Cosine)]
    [InlineData(ComparisonMethod.RhoA)]
    [InlineData(ComparisonMethod.KendallTauB)]
    public void PairWeightsEqualExplicitlyResampledRdms(ComparisonMethod method)
    {
        var random = new Random(8);
        int n = 14;
        var x = NaiveStatistics.WithTies(random, SquareForm.PairCount(n), 9);
        var y = NaiveStatistics.WithTies(random, SquareForm.PairCount(n), 9);
        y[4] = double.NaN;
        var ws = new ComparisonWorkspace(x.Length);
        for (int trial = 0; trial < 20; trial++)
        {
            var drawn = Enumerable.Range(0, n).Select(_ => random.Next(n)).ToArray();
            var counts = new int[n];
            foreach (var d in drawn) counts[d]++;
            var weights = new double[x.Length];
            Bootstrap.PairWeights(counts, weights);
            double weighted = WeightedComparison.Compare(new RankedVector(x), new RankedVector(y), weights, method, ws);
            double explicitly = RdmComparison.Compare(NaiveStatistics.ResampledVector(x, n, drawn), NaiveStatistics.ResampledVector(y, n, drawn), method);
            Assert.Equal(explicitly, weighted, 12);
        }
    }

    [Fact]
    public void SameSeedSameIntervalsAndIntervalsHoldTheEstimate()
    {
        var random = new Random(3);
        int n = 20, p = SquareForm.PairCount(n);
        var truth = Enumerable.Range(0, p).Select(_ => random.NextDouble()).ToArray();
        var model = new Rdm(truth.Select(v => v + 0.3 * random.NextDouble()).ToArray());
        var stack = new RdmStack(n, [6], Enumerable.Range(0, 6 * p).Select(i => truth[i % p] + random.NextDouble()).ToArray());
        var options = new ScoreOptions { BootstrapResamples = 200, Seed = 42 };
        var a = ModelEvaluation.Score(model, stack, options);
        var b = ModelEvaluation.Score(model, stack, options);
        Assert.Equal(a.BootstrapOverConditions, b.BootstrapOverConditions);
        Assert.Equal(a.BootstrapOverSubjects, b.BootstrapOverSubjects);
        foreach (var r in new[] { a.BootstrapOverConditions!, a.BootstrapOverSubjects! })
        {
            Assert.InRange(a.Mean, r.Mean.Lower, r.Mean.Upper);
            Assert.True(r.Mean.Lower < r.Mean.Upper);
            Assert.Equal(200, r.ValidResamples);
        }
    }

    [Fact]
    public void PercentileInterpolatesLikeNumpy()
    {
        // numpy.percentile([1, 2, 3, 4], 25) == 1.75
        Assert.Equal(1.75, Bootstrap.Percentile([4, 1, 3, 2], 0.25), 14);
    }
}
