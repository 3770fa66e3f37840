using System.Text.Json;
using DissimNet.Statistics;

namespace DissimNet.Tests.Statistics;

/// <summary>The tests over cross-validation folds against scipy (Fixtures/corrected_ttest.json, from tests/fixtures-src/make_corrected_ttest.py).</summary>
public sealed class CorrectedTTestTests
{
    static IEnumerable<JsonElement> Cases() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("corrected_ttest.json"))).RootElement.EnumerateArray();

    static double[] Values(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Fact]
    public void CorrectedAndPlainPairedTestsMatchScipy()
    {
        foreach (var c in Cases())
        {
            var trained = Values(c, "trained");
            var gain = trained.Zip(Values(c, "pretrained"), (a, b) => a - b).ToArray();
            var plain = OneSampleTTest.Test(gain);
            Assert.Equal(c.GetProperty("plain_t").GetDouble(), plain.T, 1e-9);
            Assert.Equal(c.GetProperty("plain_p").GetDouble(), plain.PValue, 1e-12);
            var corrected = CorrectedResampledTTest.Test(gain, c.GetProperty("ratio").GetDouble());
            Assert.Equal(c.GetProperty("corrected_t").GetDouble(), corrected.T, 1e-9);
            Assert.Equal(c.GetProperty("corrected_p").GetDouble(), corrected.PValue, 1e-10);
            Assert.Equal(c.GetProperty("corrected_se").GetDouble(), corrected.StandardError, 1e-12);
            Assert.Equal(c.GetProperty("ci_lower").GetDouble(), corrected.Interval.Lower, 1e-9);
            Assert.Equal(c.GetProperty("ci_upper").GetDouble(), corrected.Interval.Upper, 1e-9);
            // The correction only ever widens: overlapping folds are not independent evidence.
            Assert.True(corrected.PValue > plain.PValue);
        }
    }

    [Fact]
    public void FoldBootstrapBracketsTheMeanAndSubjectsWidenIt()
    {
        var perSubject = new[] { new[] { 0.30, 0.20, 0.25 }, new[] { 0.33, 0.22, 0.28 }, new[] { 0.31, 0.18, 0.26 }, new[] { 0.29, 0.21, 0.24 } };
        var perFold = perSubject.Select(s => s.Average()).ToArray();
        var summary = FoldStatistics.Summarize(perFold, 1.0, perSubject, resamples: 2000, seed: 3);
        Assert.Equal(perFold.Average(), summary.Mean, 12);
        Assert.InRange(summary.Mean, summary.BootstrapFolds.Lower, summary.BootstrapFolds.Upper);
        var both = summary.BootstrapFoldsAndSubjects!;
        Assert.True(both.Upper - both.Lower > summary.BootstrapFolds.Upper - summary.BootstrapFolds.Lower);
        // Same seed, same interval.
        Assert.Equal(summary.BootstrapFolds, FoldStatistics.Summarize(perFold, 1.0, perSubject, resamples: 2000, seed: 3).BootstrapFolds);
    }
}
