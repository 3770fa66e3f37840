using DissimNet.Rdms;
using DissimNet.Statistics;

namespace DissimNet.Tests.Statistics;

/// <summary>The bootstrap over folds, subjects and images: exact where every resample must give the same value, seeded, and
/// wider than resampling folds alone when images carry the noise.</summary>
public class FoldImageBootstrapTests
{
    static double[] RandomVector(int pairs, Random random) => Enumerable.Range(0, pairs).Select(_ => random.NextDouble()).ToArray();

    static FoldTestRdms Fold(int n, Random random, double noise, int subjects = 3)
    {
        int pairs = n * (n - 1) / 2;
        var truth = RandomVector(pairs, random);
        var stack = Enumerable.Range(0, subjects).SelectMany(_ => truth.Select(v => v + noise * random.NextDouble())).ToArray();
        var trained = truth.Select(v => v + noise * random.NextDouble()).ToArray();
        var pretrained = truth.Select(v => v + 3 * noise * random.NextDouble()).ToArray();
        return new FoldTestRdms(new Rdm(trained), new Rdm(pretrained), new RdmStack(n, [subjects], stack));
    }

    [Fact]
    public void IdenticalAndReversedRdmsGiveExactIntervalsWhateverIsDrawn()
    {
        var random = new Random(3);
        var folds = Enumerable.Range(0, 3).Select(_ =>
        {
            var v = RandomVector(10 * 9 / 2, random);
            return new FoldTestRdms(new Rdm(v), new Rdm(v.Select(x => -x).ToArray()), new RdmStack(10, [2], [.. v, .. v]));
        }).ToList();
        var (t, p, g) = FoldImageBootstrap.Intervals(folds, ComparisonMethod.Spearman, resamples: 200, seed: 1);
        Assert.Equal((1.0, 1.0), (t.Lower, t.Upper), new TupleComparer(1e-12));
        Assert.Equal((-1.0, -1.0), (p.Lower, p.Upper), new TupleComparer(1e-12));
        Assert.Equal((2.0, 2.0), (g.Lower, g.Upper), new TupleComparer(1e-12));
    }

    [Fact]
    public void SeededAndWiderThanResamplingFoldsAlone()
    {
        var random = new Random(5);
        var folds = Enumerable.Range(0, 6).Select(_ => Fold(14, random, noise: 0.8)).ToList();
        var a = FoldImageBootstrap.Intervals(folds, ComparisonMethod.Spearman, resamples: 400, seed: 7);
        Assert.Equal(a, FoldImageBootstrap.Intervals(folds, ComparisonMethod.Spearman, resamples: 400, seed: 7));
        Assert.NotEqual(a, FoldImageBootstrap.Intervals(folds, ComparisonMethod.Spearman, resamples: 400, seed: 8));
        var perFold = folds.Select(f => RdmComparison.PerSubject(f.Trained, f.Subjects, ComparisonMethod.Spearman).Average()).ToArray();
        var foldsOnly = FoldStatistics.Summarize(perFold, 1, resamples: 400, seed: 7).BootstrapFolds;
        Assert.InRange(perFold.Average(), a.Trained.Lower, a.Trained.Upper);
        Assert.True(a.Trained.Upper - a.Trained.Lower > foldsOnly.Upper - foldsOnly.Lower,
            $"images should add spread: {a.Trained} vs folds only {foldsOnly}");
        Assert.True(a.Gain.Lower > 0, $"the pretrained RDMs are noisier, so the gain is positive: {a.Gain}");
    }

    [Fact]
    public void RefusesWhatItCannotResample()
    {
        var random = new Random(1);
        var one = new[] { Fold(6, random, 0.5) };
        Assert.Contains("at least 2 folds", Assert.Throws<DissimNetException>(() => FoldImageBootstrap.Intervals(one, ComparisonMethod.Spearman)).Message);
        var two = new[] { Fold(6, random, 0.5), Fold(6, random, 0.5) };
        Assert.Throws<SettingException>(() => FoldImageBootstrap.Intervals(two, ComparisonMethod.CosineCovWeighted));
    }

    sealed class TupleComparer(double tolerance) : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) <= tolerance && Math.Abs(x.Item2 - y.Item2) <= tolerance;
        public int GetHashCode((double, double) obj) => 0;
    }
}
