using DissimNet.Tests.Rdms;
using System.Text.Json;
using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Statistics;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Statistics;

/// <summary>`compare`'s statistics against Fixtures/compare_reference.json (scipy and statsmodels, see tests/fixtures-src).</summary>
public class ModelComparisonTests
{
    internal static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("compare_reference.json"))).RootElement);

    internal static string[] Names => ["mIT", "hIT-fig1", "resnet18-stage4"];

    internal static string[] Specs =>
    [
        Supplemental("RDMs_mIT_hIT_fig1.RDM") + "[0]",
        Supplemental("RDMs_mIT_hIT_fig1.RDM") + "[1]",
        TestPaths.Fixture("resnet18_stage4_rdm_92.npy"),
    ];

    static Rdm[] Models() => [.. Specs.Select(s => RdmFiles.LoadSingle(s))];

    static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    static void CloseP(double expected, double actual) => CloseRelative(expected, actual, 1e-9);

    [Theory]
    [InlineData("fdr", "matched")]
    [InlineData("bonferroni", "raw")]
    public void TTestsMatchScipyAndStatsmodels(string correction, string pooling)
    {
        var options = new ComparisonOptions
        {
            Correction = MultipleComparisons.Parse(correction),
            NoiseCeilingPooling = NoiseCeilingPoolings.Parse(pooling),
        };
        var result = ModelComparison.Compare(Models(), Names, RdmFiles.LoadStack(BrainRdms), options);
        var reference = Reference.Value;
        Assert.Equal(8, result.SubjectCount);
        Close(reference.GetProperty("noise_ceiling").GetProperty(pooling).GetProperty("lower").GetDouble(), result.NoiseCeiling!.Lower);
        Close(reference.GetProperty("noise_ceiling").GetProperty(pooling).GetProperty("upper").GetDouble(), result.NoiseCeiling.Upper);
        var models = reference.GetProperty("models").EnumerateArray().ToArray();
        for (int m = 0; m < 3; m++)
        {
            var expected = models[m];
            var actual = result.Models[m];
            Assert.Equal(expected.GetProperty("name").GetString(), actual.Name);
            var perSubject = Doubles(expected.GetProperty("per_subject"));
            for (int s = 0; s < 8; s++) Close(perSubject[s], actual.PerSubject[s]);
            Close(expected.GetProperty("mean").GetDouble(), actual.Mean);
            Close(expected.GetProperty("sem").GetDouble(), actual.StandardError);
            var ci = Doubles(expected.GetProperty("t_ci"));
            Close(ci[0], actual.Interval.Lower);
            Close(ci[1], actual.Interval.Upper);
            var zero = expected.GetProperty("above_zero");
            Close(zero.GetProperty("t").GetDouble(), actual.AboveZero.Statistic);
            CloseP(zero.GetProperty("p").GetDouble(), actual.AboveZero.P);
            CloseP(zero.GetProperty($"p_{correction}").GetDouble(), actual.AboveZero.PCorrected);
            var nc = expected.GetProperty("versus_lower_ceiling").GetProperty(pooling);
            Close(nc.GetProperty("t").GetDouble(), actual.VersusLowerCeiling!.Statistic);
            CloseP(nc.GetProperty("p").GetDouble(), actual.VersusLowerCeiling.P);
            CloseP(nc.GetProperty($"p_{correction}").GetDouble(), actual.VersusLowerCeiling.PCorrected);
        }
        var pairs = reference.GetProperty("pairs").EnumerateArray().ToArray();
        Assert.Equal(pairs.Length, result.Differences.Count);
        for (int k = 0; k < pairs.Length; k++)
        {
            var expected = pairs[k];
            var actual = result.Differences[k];
            Assert.Equal(expected.GetProperty("a").GetInt32(), actual.First);
            Assert.Equal(expected.GetProperty("b").GetInt32(), actual.Second);
            Close(expected.GetProperty("difference").GetDouble(), actual.Difference);
            Close(expected.GetProperty("t").GetDouble(), actual.Test.Statistic);
            CloseP(expected.GetProperty("p").GetDouble(), actual.Test.P);
            CloseP(expected.GetProperty($"p_{correction}").GetDouble(), actual.Test.PCorrected);
            var ci = Doubles(expected.GetProperty("t_ci"));
            Close(ci[0], actual.Interval.Lower);
            Close(ci[1], actual.Interval.Upper);
        }
    }

    [Fact]
    public void MarksFollowCorrectedPValuesAndDirection()
    {
        var result = ModelComparison.Compare(Models(), Names, RdmFiles.LoadStack(BrainRdms));
        // From the fixture: every model is above 0; mIT (p_fdr 0.037) and ResNet below the lower ceiling; hIT-fig1 above it.
        Assert.All(result.Models, m => Assert.True(m.AboveZero.Significant));
        Assert.True(result.Models[0].BelowLowerCeiling);
        Assert.False(result.Models[1].BelowLowerCeiling);
        Assert.True(result.Models[1].VersusLowerCeiling!.Significant);
        Assert.True(result.Models[2].BelowLowerCeiling);
        Assert.All(result.Differences, d => Assert.True(d.Test.Significant));
        var bonferroni = ModelComparison.Compare(Models(), Names, RdmFiles.LoadStack(BrainRdms),
            new ComparisonOptions { Correction = MultipleComparisonCorrection.Bonferroni });
        Assert.False(bonferroni.Differences[1].Test.Significant); // mIT vs ResNet: 0.0417 x 3 = 0.125
        Assert.False(bonferroni.Models[0].BelowLowerCeiling); // 0.037 x 3 = 0.111
    }

    [Fact]
    public void TQuantileMatchesMpmath()
    {
        // Roots of the t CDF found with mpmath at 40 digits. scipy 1.10's t.ppf gives 2.3646242510102993 and
        // 5.84090929975643: off by about 1e-9 (mpmath puts its CDF there at 0.97499999998), hence this reference.
        Assert.Equal(2.3646242515927847, StudentT.Quantile(0.975, 7), 1e-13);
        Assert.Equal(5.8409093097333554, StudentT.Quantile(0.995, 3), 1e-12);
        Assert.Equal(-StudentT.Quantile(0.9, 12), StudentT.Quantile(0.1, 12), 1e-13);
        Assert.Equal(0.975, StudentT.Cdf(StudentT.Quantile(0.975, 7), 7), 1e-15);
    }

    [Fact]
    public void BootstrapOverSubjectsGivesScoresIntervalsAndRsatoolboxPValues()
    {
        var models = Models();
        var target = RdmFiles.LoadStack(BrainRdms);
        var options = new ComparisonOptions { Test = ComparisonTest.Bootstrap, BootstrapResamples = 400, Seed = 3 };
        var result = ModelComparison.Compare(models, Names, target, options);
        Assert.Equal(400, result.ValidResamples);
        for (int m = 0; m < models.Length; m++)
        {
            // The same draws as `score --bootstrap 400 --seed 3` over subjects, so the same interval.
            var score = ModelEvaluation.Score(models[m], target, new ScoreOptions { BootstrapResamples = 400, Seed = 3 });
            Assert.Equal(score.BootstrapOverSubjects!.Mean.Lower, result.Models[m].Interval.Lower, 1e-12);
            Assert.Equal(score.BootstrapOverSubjects.Mean.Upper, result.Models[m].Interval.Upper, 1e-12);
            Assert.True(double.IsNaN(result.Models[m].AboveZero.Statistic));
        }
        // Every resample of 8 positive per-subject values has a positive mean: p = (0 + 1) / 400.
        Assert.All(result.Models, m => Assert.Equal(1.0 / 400, m.AboveZero.P, 1e-15));
        // hIT-fig1 beats mIT in every resample (each subject's difference is positive): share 0, p = 1/400 as well.
        Assert.Equal(1.0 / 400, result.Differences[0].Test.P, 1e-15);
    }

    [Fact]
    public void BootstrapPValuesFollowRsatoolboxFormulasOnGivenDraws()
    {
        var models = Models();
        var target = RdmFiles.LoadStack(BrainRdms);
        int[][] draws = [[0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2, 2, 2], [3, 3, 3, 3, 3, 3, 3, 3]];
        var result = ModelComparison.Compare(models, Names, target,
            new ComparisonOptions { Test = ComparisonTest.Bootstrap, BootstrapResamples = 4, Correction = MultipleComparisonCorrection.None }, subjectDraws: draws);
        // Each resample is one subject repeated: its means are that subject's values.
        var mit = result.Models[0].PerSubject[..4];
        var resnet = result.Models[2].PerSubject[..4];
        int below = Enumerable.Range(0, 4).Count(s => mit[s] < resnet[s]);
        double share = below / 4.0;
        Assert.Equal(3.0 / 4 * 2 * Math.Min(share, 1 - share) + 1.0 / 4, result.Differences[1].Test.P, 1e-15);
        double lower = result.NoiseCeiling!.Lower;
        Assert.Equal((mit.Count(v => v >= lower) + 1.0) / 4, result.Models[0].VersusLowerCeiling!.P, 1e-15);
        Assert.Equal(Bootstrap.Percentile(mit, 0.025), result.Models[0].Interval.Lower, 1e-15);
    }

    [Fact]
    public void BootstrapOverConditionsEqualsExplicitlyResampledRdms()
    {
        var models = Models();
        var target = RdmFiles.LoadStack(BrainRdms).Select([0, 1, 2]);
        var random = new Random(5);
        int n = target.ConditionCount;
        int[][] draws = [.. Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, n).Select(_ => random.Next(n)).ToArray())];
        var perSubject = models.Select(m => RdmComparison.PerSubject(m, target)).ToArray();
        var means = PairedBootstrap.Means(models, perSubject, target, ComparisonMethod.Spearman, null, draws);
        for (int b = 0; b < draws.Length; b++)
        {
            for (int m = 0; m < models.Length; m++)
            {
                var model = NaiveStatistics.ResampledVector(models[m].Vector, n, draws[b]);
                double expected = Enumerable.Range(0, 3).Average(s => RdmComparison.Compare(model, NaiveStatistics.ResampledVector(target.Vector(s), n, draws[b])));
                Assert.Equal(expected, means[m][b], 1e-12);
            }
        }
    }

    [Fact]
    public void CovWeightedMethodsRefuseABootstrapOverConditions()
    {
        var error = Assert.Throws<SettingException>(() => ModelComparison.Compare(Models(), Names, RdmFiles.LoadStack(BrainRdms),
            new ComparisonOptions { Method = ComparisonMethod.CorrelationCovWeighted, Test = ComparisonTest.Bootstrap, BootstrapUnits = BootstrapUnits.Conditions, BootstrapResamples = 10 }));
        Assert.Contains("corr-cov", error.Message);
    }

    [Theory]
    [InlineData(ComparisonTest.TTest)]
    [InlineData(ComparisonTest.Bootstrap)]
    public void AnUndefinedModelIsNaNWithItsReasonAndLeavesTheOthersAlone(ComparisonTest test)
    {
        var constant = new Rdm(Enumerable.Repeat(1.0, SquareForm.PairCount(92)).ToArray());
        var target = RdmFiles.LoadStack(BrainRdms);
        var options = new ComparisonOptions { Test = test, BootstrapResamples = 50 };
        var result = ModelComparison.Compare([Models()[0], constant], ["mIT", "constant"], target, options);
        var alone = ModelComparison.Compare([Models()[0]], ["mIT"], target, options);
        Assert.True(double.IsNaN(result.Models[1].Mean));
        Assert.Equal("model RDM is constant", result.Models[1].UndefinedReason);
        Assert.False(result.Models[1].AboveZero.Significant);
        Assert.False(result.Models[1].BelowLowerCeiling);
        Assert.True(double.IsNaN(result.Differences[0].Test.P));
        Assert.Equal(alone.Models[0].Interval, result.Models[0].Interval);
        Assert.Equal(alone.Models[0].AboveZero, result.Models[0].AboveZero); // the NaN p-value does not count as a test
    }

    [Fact]
    public void OneSubjectIsRefused()
    {
        var error = Assert.Throws<DissimNetException>(() => ModelComparison.Compare(Models(), Names, RdmFiles.LoadStack(BrainRdms).Select([0])));
        Assert.Contains("at least 2 subjects", error.Message);
    }
}
