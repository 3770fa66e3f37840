using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Statistics;
using DissimNet.Tests.Rdms;

namespace DissimNet.Tests.Statistics;

/// <summary>Kendall's taus on integer keys and the one-RDM-at-a-time Kendall path give the general path's doubles exactly.</summary>
public class LargeRdmKendallTests() : TempFolderTests("large-kendall")
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 2)]
    [InlineData(3, 5)]
    [InlineData(37, 4)]
    [InlineData(200, 6)]
    [InlineData(1000, 40)]
    public void PackedKeysGiveTheSameDoublesAsTheValues(int m, int levels)
    {
        // Small integers tie often; the keys are the integers themselves, the values the same integers scaled.
        var random = new Random(m + levels);
        var x = Enumerable.Range(0, m).Select(_ => (uint)random.Next(levels)).ToArray();
        var y = x.Select(v => (uint)Math.Max(0, (int)v + random.Next(-2, 3))).ToArray();
        var xv = new RankedVector(x.Select(v => 0.25 * v).ToArray());
        var yv = new RankedVector(y.Select(v => 3.0 * v - 1).ToArray());
        var ws = new ComparisonWorkspace(m);
        foreach (var method in new[] { ComparisonMethod.KendallTauA, ComparisonMethod.KendallTauB })
        {
            var keys = x.Select((v, i) => KendallTau.Pack(v, y[i])).ToArray();
            double fromKeys = KendallTau.OfPackedKeys(method, keys);
            double fromValues = method == ComparisonMethod.KendallTauA ? KendallTau.TauA(xv, yv, ws) : KendallTau.TauB(xv, yv, ws);
            Assert.Equal(fromValues, fromKeys);
            if (m >= 2 && !double.IsNaN(fromKeys))
            {
                double naive = method == ComparisonMethod.KendallTauA
                    ? NaiveStatistics.KendallTauA(xv.Values.ToArray(), yv.Values.ToArray())
                    : NaiveStatistics.KendallTauB(xv.Values.ToArray(), yv.Values.ToArray());
                Assert.Equal(naive, fromKeys, 12);
            }
        }
    }

    [Theory]
    [InlineData(ComparisonMethod.KendallTauB, 1, false)]
    [InlineData(ComparisonMethod.KendallTauB, 2, true)]
    [InlineData(ComparisonMethod.KendallTauA, 1, true)]
    [InlineData(ComparisonMethod.KendallTauA, 3, false)]
    public void EqualsTheGeneralPathExactly(ComparisonMethod method, int decimals, bool single)
    {
        var all = LargeRdmSpearmanTests.Subjects(decimals + (single ? 10 : 0), 6, 40, decimals, single);
        var model = all[0];
        var subjects = all.Select([1, 2, 3, 4, 5]);
        var general = ModelEvaluation.Score(model, subjects, new ScoreOptions { Method = method });
        var large = LargeRdmKendall.Run(RdmVectors.FromStack(all.Select([0]), "model"), RdmVectors.FromStack(subjects), method, ceiling: true)!.Value;
        Assert.Equal(general.PerSubject, large.PerSubject);
        Assert.Equal(general.PerSubjectUndefined, large.Undefined);
        Assert.Equal(general.NoiseCeiling, large.Ceiling);
        Assert.Equal(NoiseCeiling.Compute(subjects, method), LargeRdmKendall.Run(null, RdmVectors.FromStack(subjects), method, ceiling: true)!.Value.Ceiling);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ConstantRdmsGiveNaNWithTheGeneralPathsReason(int constant)
    {
        var all = LargeRdmSpearmanTests.Subjects(3, 5, 12, 2, single: false);
        Array.Fill(all.Vectors, 0.5, constant * all.PairCount, all.PairCount);
        var model = all[0];
        var subjects = all.Select([1, 2, 3, 4]);
        var options = new ScoreOptions { Method = ComparisonMethod.KendallTauB };
        var general = ModelEvaluation.Score(model, subjects, options);
        var large = LargeRdmKendall.Run(RdmVectors.FromStack(all.Select([0]), "model"), RdmVectors.FromStack(subjects), ComparisonMethod.KendallTauB, ceiling: true)!.Value;
        Assert.True(double.IsNaN(large.PerSubject[constant - 1]));
        Assert.Equal(general.PerSubject, large.PerSubject);
        Assert.Equal(general.PerSubjectUndefined, large.Undefined);
        Assert.Equal(general.NoiseCeiling, large.Ceiling);

        // A constant model: every subject's tau-b is undefined, and the model is named.
        Array.Fill(all.Vectors, 0.25, 0, all.PairCount);
        general = ModelEvaluation.Score(all[0], subjects, options);
        large = LargeRdmKendall.Run(RdmVectors.FromStack(all.Select([0]), "model"), RdmVectors.FromStack(subjects), ComparisonMethod.KendallTauB, ceiling: false)!.Value;
        Assert.All(large.PerSubject, v => Assert.True(double.IsNaN(v)));
        Assert.Equal(general.PerSubjectUndefined, large.Undefined);
        Assert.Null(large.Ceiling);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void MissingOrInfinitePairsLeaveItToTheOtherPaths(double value)
    {
        var all = LargeRdmSpearmanTests.Subjects(4, 4, 10, 3, single: false);
        all.Vectors[all.PairCount + 7] = value;
        Assert.Null(LargeRdmKendall.Run(RdmVectors.FromStack(all.Select([0]), "model"), RdmVectors.FromStack(all.Select([1, 2, 3])), ComparisonMethod.KendallTauB, true));
        Assert.Null(LargeRdmKendall.Run(null, RdmVectors.FromStack(all.Select([1, 2, 3])), ComparisonMethod.KendallTauA, true));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void NpyFilesScoreExactlyAsWhenLoadedWhole(bool single, bool missing)
    {
        Directory.CreateDirectory(TempRoot);
        var all = LargeRdmSpearmanTests.Subjects(5, 5, 30, 2, single);
        if (missing) all.Vectors[3 * all.PairCount + 11] = double.NaN;
        var type = single ? ElementType.Single : ElementType.Double;
        Array Values(int from, int count)
        {
            var v = all.Vectors.AsSpan(from * all.PairCount, count * all.PairCount).ToArray();
            return single ? v.Select(x => (float)x).ToArray() : v;
        }
        string model = Path.Combine(TempRoot, "model.npy"), target = Path.Combine(TempRoot, "target.npy");
        Npy.Write(model, new NdArray([all.PairCount], Values(0, 1), type));
        Npy.Write(target, new NdArray([4, all.PairCount], Values(1, 4), type));
        foreach (var method in new[] { ComparisonMethod.KendallTauA, ComparisonMethod.KendallTauB })
        {
            var options = new ScoreOptions { Method = method };
            var large = LargeRdmFiles.TryScore(model, null, target, options)!;
            var general = ModelEvaluation.Score(RdmFiles.LoadSingle(model), RdmFiles.LoadStack(target), options);
            Assert.Equal(general.PerSubject, large.PerSubject);
            Assert.Equal(general.PerSubjectUndefined, large.PerSubjectUndefined);
            Assert.Equal(general.MeanR2, large.MeanR2);
            Assert.Equal(general.NoiseCeiling, large.NoiseCeiling);
            var ceiling = LargeRdmFiles.TryNoiseCeiling(target, method, NoiseCeilingPooling.Matched)!.Value;
            Assert.Equal(NoiseCeiling.Compute(RdmFiles.LoadStack(target), method), ceiling.Bounds);
        }
    }

    [Fact]
    public void MemoryHoldsIntegerVectorsNotTheStack()
    {
        // 2000 conditions (2 M pairs), a model and 3 subjects with a noise ceiling: a sort buffer and the keys (8 bytes a pair
        // each), two rank vectors and the rank sums (4 each), whatever the number of subjects.
        const int n = 2000;
        var all = LargeRdmSpearmanTests.Subjects(6, 4, n, 3, single: true);
        int p = all.PairCount;
        var model = RdmVectors.FromStack(all.Select([0]), "model");
        var subjects = RdmVectors.FromStack(all.Select([1, 2, 3]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = LargeRdmKendall.Run(model, subjects, ComparisonMethod.KendallTauB, ceiling: true)!.Value;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, 29L * p);
        Assert.NotNull(result.Ceiling);
    }
}
