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
    public void ModelEqualToSubjectMeanReachesUpperBound(ComparisonMethod method)
    {
        var subjects = NoisySubjects(9, 6, 15);
        var nc = NoiseCeiling.Compute(subjects, method);
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
        Assert.Equal(expected, NoiseCeiling.Compute(subjects).Lower, 13);
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
