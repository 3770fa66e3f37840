using DissimNet.Rdms;
using DissimNet.Statistics;
using DissimNet.Tests.Rdms;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Statistics;

/// <summary>The bootstrap over conditions without per-worker double vectors (integer ranks for Spearman, on-the-fly weighted
/// sums for Pearson and cosine) against RDMs resampled explicitly, and the bounds on its work space.</summary>
public class ConditionBootstrapTests
{
    static int[] Counts(int[] drawn, int n)
    {
        var counts = new int[n];
        foreach (var c in drawn) counts[c]++;
        return counts;
    }

    /// <summary>A model and <paramref name="count"/> RDMs of <paramref name="levels"/> distinct values each (so with many ties when small).</summary>
    static (Rdm Model, RdmStack Rdms) Data(int seed, int n, int count, int levels, bool single)
    {
        var random = new Random(seed);
        int p = SquareForm.PairCount(n);
        double Value() => single ? (float)(random.Next(levels) * 0.37) : random.Next(levels) * 0.37;
        var model = new Rdm(Enumerable.Range(0, p).Select(_ => Value()).ToArray());
        var rdms = new RdmStack(n, [count], Enumerable.Range(0, count * p).Select(_ => Value()).ToArray(), singlePrecision: single);
        return (model, rdms);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(9, true)]
    [InlineData(1_000_000, false)]
    public void EachCorrelationEqualsSpearmanOfTheExplicitlyResampledRdms(int levels, bool single)
    {
        const int n = 17;
        var (model, rdms) = Data(levels, n, 4, levels, single);
        var random = new Random(11);
        // Draws of n conditions as the bootstrap makes them, shorter and longer ones, and one of just two distinct conditions.
        var draws = Enumerable.Range(0, 24).Select(t => Enumerable.Range(0, t % 3 == 0 ? 2 * n : t % 3 == 1 ? n : 6)
            .Select(_ => random.Next(n)).ToArray()).Append([3, 3, 8, 3]).ToArray();
        var values = SpearmanConditionBootstrap.Correlations(RdmVectors.FromRdm(model), RdmVectors.EveryRdm(rdms),
            [.. draws.Select(d => Counts(d, n))], NullProgress.Instance)!;
        for (int b = 0; b < draws.Length; b++)
        {
            var x = NaiveStatistics.ResampledVector(model.Vector, n, draws[b]);
            for (int k = 0; k < rdms.Count; k++)
            {
                double expected = RdmComparison.Compare(x, NaiveStatistics.ResampledVector(rdms.Vector(k), n, draws[b]), ComparisonMethod.Spearman);
                if (double.IsNaN(expected)) Assert.True(double.IsNaN(values[b][k]), $"draw {b}, RDM {k}: {values[b][k]}");
                else Close(expected, values[b][k], 1e-12);
            }
        }
    }

    [Theory]
    [InlineData(ComparisonMethod.Pearson, 4)]
    [InlineData(ComparisonMethod.Pearson, 1_000_000)]
    [InlineData(ComparisonMethod.Cosine, 1_000_000)]
    public void PearsonAndCosineEqualTheExplicitlyResampledRdms(ComparisonMethod method, int levels)
    {
        const int n = 15;
        var (model, rdms) = Data(levels + 1, n, 3, levels, false);
        var random = new Random(12);
        var draws = Enumerable.Range(0, 20).Select(t => Enumerable.Range(0, t % 2 == 0 ? n : 7).Select(_ => random.Next(n)).ToArray())
            .Append([2, 2, 2]).ToArray();
        var values = MomentConditionBootstrap.Correlations(model.Vector, rdms, [.. draws.Select(d => Counts(d, n))], method, NullProgress.Instance);
        for (int b = 0; b < draws.Length; b++)
            for (int k = 0; k < rdms.Count; k++)
            {
                var x = NaiveStatistics.ResampledVector(model.Vector, n, draws[b]);
                double expected = x.Length == 0 ? double.NaN : RdmComparison.Compare(x, NaiveStatistics.ResampledVector(rdms.Vector(k), n, draws[b]), method);
                if (double.IsNaN(expected)) Assert.True(double.IsNaN(values[b][k]), $"draw {b}, RDM {k}: {values[b][k]}");
                else Close(expected, values[b][k], 1e-12);
            }
    }

    [Fact]
    public void TimePointsAreAveragedWithinSubjectsAsOnTheGeneralPath()
    {
        const int n = 12;
        var (model, flat) = Data(2, n, 6, 40, false);
        var rdms = new RdmStack(n, [3, 2], flat.Vectors);
        var random = new Random(4);
        var draws = Enumerable.Range(0, 9).Select(_ => Enumerable.Range(0, n).Select(_ => random.Next(n)).ToArray()).ToArray();
        var result = Bootstrap.OverConditions(model, rdms, draws);
        var means = draws.Select(d =>
        {
            var x = NaiveStatistics.ResampledVector(model.Vector, n, d);
            double Score(int k) => RdmComparison.Compare(x, NaiveStatistics.ResampledVector(rdms.Vector(k), n, d), ComparisonMethod.Spearman);
            return Enumerable.Range(0, 3).Average(s => (Score(2 * s) + Score(2 * s + 1)) / 2);
        }).ToArray();
        Close(Bootstrap.Percentile(means, 0.025), result.Mean.Lower, 1e-12);
        Close(Bootstrap.Percentile(means, 0.975), result.Mean.Upper, 1e-12);
    }

    [Fact]
    public void MissingOrInfinitePairsLeaveItToTheGeneralPath()
    {
        var (model, rdms) = Data(5, 8, 2, 50, false);
        int[][] counts = [Enumerable.Repeat(1, 8).ToArray()];
        rdms.Vectors[30] = double.NaN;
        Assert.Null(SpearmanConditionBootstrap.Correlations(RdmVectors.FromRdm(model), RdmVectors.EveryRdm(rdms), counts, NullProgress.Instance));
        rdms.Vectors[30] = double.PositiveInfinity;
        Assert.Null(SpearmanConditionBootstrap.Correlations(RdmVectors.FromRdm(model), RdmVectors.EveryRdm(rdms), counts, NullProgress.Instance));
        // The general path still gives the bootstrap (NaN pairs skipped), with the same draws.
        rdms.Vectors[30] = double.NaN;
        var result = Bootstrap.OverConditions(model, rdms, resamples: 20, seed: 1);
        Assert.Equal(20, result.ValidResamples);
    }

    [Fact]
    public void TieRunsAreFoundAcrossWordBoundaries()
    {
        var random = new Random(7);
        foreach (int length in new[] { 1, 2, 63, 64, 65, 127, 128, 129, 300 })
            foreach (int levels in new[] { 1, 2, 5, 1000 })
            {
                var values = Enumerable.Range(0, length).Select(_ => (double)random.Next(levels)).ToArray();
                var sorter = new RankSorter(length);
                sorter.Begin(64);
                Assert.True(sorter.Set(0, values, single: false));
                sorter.Sort();
                var pairs = sorter.ToSortedPairs();
                var sorted = pairs.Order.Select(i => values[i]).ToArray();
                Assert.Equal(values.Order(), sorted);
                for (int start = 0; start < length; start = pairs.GroupEnd(start))
                {
                    int end = start;
                    while (end < length && sorted[end] == sorted[start]) end++;
                    Assert.Equal(end, pairs.GroupEnd(start));
                }
            }
    }

    [Fact]
    public void EveryResampleRunsOnceWithNoMoreStatesThanWorkers()
    {
        var runs = new int[1000];
        int states = 0;
        BootstrapWorkers.Run(runs.Length, 3, 100, () => Interlocked.Increment(ref states), (b, _) => Interlocked.Increment(ref runs[b]),
            NullProgress.Instance, "test");
        Assert.All(runs, r => Assert.Equal(1, r));
        Assert.InRange(states, 1, 3);
    }
}

/// <summary>The bootstrap's allocations, counted over all threads, so run while no other test runs.</summary>
[CollectionDefinition("Allocation counts", DisableParallelization = true)]
public class AllocationCountsCollection;

[Collection("Allocation counts")]
public class SpearmanConditionBootstrapMemoryTests
{
    [Fact]
    public void MemoryIsOneSortOrderPerRdmAndOneCellVectorPerWorker()
    {
        // 2,000 conditions (2 M pairs), model and 3 subjects: the weighted general path held 48 bytes a pair a worker besides
        // the RDMs' values and sort orders; this path 4 1/8 bytes a pair per RDM, a sort buffer (8) and 8 a worker.
        const int n = 2000;
        int p = SquareForm.PairCount(n);
        var (model, subjects) = LargeRdmSpearmanTests.IndependentFloatRdms(n, 3);
        var random = new Random(7);
        int workers = BootstrapWorkers.Count(p, SpearmanConditionBootstrap.BytesPerPair);
        var counts = Enumerable.Range(0, 2 * workers).Select(b => Enumerable.Range(0, n).Select(_ => random.Next(3)).ToArray()).ToArray();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var values = SpearmanConditionBootstrap.Correlations(model, subjects, counts, NullProgress.Instance)!;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.InRange(allocated, 0, (long)((4 * 4.125 + 8 + 8 * workers) * p) + (1 << 20));
        Assert.All(values.SelectMany(v => v), r => Assert.InRange(r, -0.02, 0.02)); // independent random RDMs
    }
}
