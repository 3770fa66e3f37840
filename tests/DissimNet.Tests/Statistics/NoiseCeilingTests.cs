using DissimNet.Statistics;
using DissimNet.Rdms;

namespace DissimNet.Tests.Statistics;

public class NoiseCeilingTests
{
    static RdmStack NoisySubjects(int seed, int subjects, int n, int time = 0)
    {
        var random = new Random(seed);
        int p = SquareForm.PairCount(n);
        var truth = Enumerable.Range(0, p).Select(_ => random.NextDouble()).ToArray();
        int count = subjects * Math.Max(time, 1);
        var data = new double[count * p];
        for (int k = 0; k < count; k++)
            for (int i = 0; i < p; i++) data[k * p + i] = truth[i] + 0.8 * random.NextDouble();
        return new RdmStack(n, time > 0 ? [subjects, time] : [subjects], data);
    }

    [Theory]
    [InlineData(ComparisonMethod.Spearman)]
    [InlineData(ComparisonMethod.Pearson)]
    [InlineData(ComparisonMethod.KendallTauA)]
    [InlineData(ComparisonMethod.Cosine)]
    public void LowerBoundNeverExceedsUpper(ComparisonMethod method)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var nc = NoiseCeiling.Compute(NoisySubjects(seed, 3 + seed, 12), method);
            Assert.True(nc.Lower <= nc.Upper, $"{nc.Lower} > {nc.Upper}");
        }
    }

    [Theory]
    [InlineData(ComparisonMethod.Spearman)]
    [InlineData(ComparisonMethod.Pearson)]
    [InlineData(ComparisonMethod.KendallTauA)]
    public void ModelEqualToSubjectMeanReachesRawUpperBound(ComparisonMethod method)
    {
        var subjects = NoisySubjects(9, 6, 15);
        var nc = NoiseCeiling.Compute(subjects, method, pooling: NoiseCeilingPooling.Raw);
        var score = ModelEvaluation.Score(subjects.Mean(), subjects, new ScoreOptions { Method = method });
        Assert.Equal(nc.Upper, score.Mean, 13);
    }

    [Fact]
    public void LowerBoundIsLeaveOneOut()
    {
        var subjects = NoisySubjects(2, 4, 10);
        double expected = 0;
        for (int s = 0; s < 4; s++)
        {
            var others = subjects.Select([.. Enumerable.Range(0, 4).Where(k => k != s)]).Mean();
            expected += NaiveRdm(subjects.Vector(s).ToArray(), others.Vector) / 4;
        }
        Assert.Equal(expected, NoiseCeiling.Compute(subjects, pooling: NoiseCeilingPooling.Raw).Lower, 13);
    }

    [Theory]
    [InlineData(ComparisonMethod.Spearman)]
    [InlineData(ComparisonMethod.RhoA)]
    [InlineData(ComparisonMethod.KendallTauB)]
    [InlineData(ComparisonMethod.Pearson)]
    [InlineData(ComparisonMethod.Cosine)]
    [InlineData(ComparisonMethod.CorrelationCovWeighted)]
    [InlineData(ComparisonMethod.CosineCovWeighted)]
    public void MatchedPoolingAveragesTransformedRdms(ComparisonMethod method)
    {
        var subjects = NoisySubjects(3, 5, 10);
        var raw = Enumerable.Range(0, 5).Select(s => subjects.Vector(s).ToArray()).ToArray();
        // Written out here as rsatoolbox's pool_rdm: ranks, z-scores (ddof 0) or division by the root mean square.
        double[] Transform(double[] v) => method switch
        {
            ComparisonMethod.Pearson or ComparisonMethod.CorrelationCovWeighted => ZScore(v),
            ComparisonMethod.Cosine or ComparisonMethod.CosineCovWeighted => v.Select(x => x / Math.Sqrt(v.Average(y => y * y))).ToArray(),
            _ => DissimNet.Tests.Rdms.NaiveStatistics.AverageRanks(v),
        };
        double[] Mean(IEnumerable<double[]> vs) => Enumerable.Range(0, raw[0].Length).Select(i => vs.Average(v => v[i])).ToArray();
        double lower = 0, upper = 0;
        var all = Mean(raw.Select(Transform));
        for (int s = 0; s < 5; s++)
        {
            lower += RdmComparison.Compare(raw[s], Mean(raw.Where((_, k) => k != s).Select(Transform)), method) / 5;
            upper += RdmComparison.Compare(raw[s], all, method) / 5;
        }
        var nc = NoiseCeiling.Compute(subjects, method);
        Assert.Equal(lower, nc.Lower, 13);
        Assert.Equal(upper, nc.Upper, 13);
        Assert.NotEqual(NoiseCeiling.Compute(subjects, method, pooling: NoiseCeilingPooling.Raw).Lower, nc.Lower, 13);
    }

    static double[] ZScore(double[] v)
    {
        double mean = v.Average(), sd = Math.Sqrt(v.Average(x => (x - mean) * (x - mean)));
        return v.Select(x => (x - mean) / sd).ToArray();
    }

    static double NaiveRdm(double[] a, double[] b) => DissimNet.Tests.Rdms.NaiveStatistics.Spearman(a, b);

    [Fact]
    public void MegCeilingAveragesTimePoints()
    {
        var stack = NoisySubjects(4, 5, 9, time: 3);
        var perTime = Enumerable.Range(0, 3).Select(t =>
            NoiseCeiling.Compute(stack.Select([.. Enumerable.Range(0, 5).Select(s => s * 3 + t)]))).ToArray();
        var nc = NoiseCeiling.Compute(stack);
        Assert.Equal(perTime.Average(b => b.Lower), nc.Lower, 13);
        Assert.Equal(perTime.Average(b => b.Upper), nc.Upper, 13);
    }

    [Fact]
    public void FewerThanThreeSubjectsIsAClearError()
    {
        var e = Assert.Throws<DissimNetException>(() => NoiseCeiling.Compute(NoisySubjects(1, 2, 6), source: "t.mat:R"));
        Assert.Contains("at least 3 subjects", e.Message);
        Assert.Contains("t.mat:R", e.Message);
    }
}
