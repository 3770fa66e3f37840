using DissimNet.IO;
using static DissimNet.Tests.IO.ReferenceStats;

namespace DissimNet.Tests.IO;

/// <summary>The scipy-written Algonauts-layout fixtures, checked against the scores scipy computed from them.</summary>
public class AlgonautsFixtureTests
{
    private static double MeanSquaredSpearman(NdArray targets, double[] model, int timePoints)
    {
        var data = targets.ToDoubleArray();
        var modelVector = UpperTriangle(model, 0, 12);
        double sum = 0;
        for (int subject = 0; subject < 15; subject++)
        {
            double r = 0;
            for (int t = 0; t < timePoints; t++)
                r += Spearman(modelVector, UpperTriangle(data, (subject * timePoints + t) * 144, 12));
            r /= timePoints;
            sum += r * r;
        }
        return sum / 15;
    }

    private static double[] Model() => DataSpec.LoadArray(TestPaths.Fixture("submit_model_v5.mat") + ":EVC_RDMs").ToDoubleArray();

    [Theory]
    [InlineData("EVC_RDMs", "EVC")]
    [InlineData("IT_RDMs", "IT")]
    public void FmriTargetsGiveScipyScores(string variable, string key)
    {
        var targets = DataSpec.LoadArray(TestPaths.Fixture("target_fmri_v5.mat") + ":" + variable);
        Assert.Equal([15, 12, 12], targets.Shape);
        double expected = Reference.GetProperty("algonauts_fixtures").GetProperty(key).GetProperty("mean_r2").GetDouble();
        Assert.Equal(expected, MeanSquaredSpearman(targets, Model(), 1), 12);
    }

    [Theory]
    [InlineData("MEG_RDMs_early", "MEG_early")]
    [InlineData("MEG_RDMs_late", "MEG_late")]
    public void CompressedMegTargetsGiveScipyScores(string variable, string key)
    {
        var targets = DataSpec.LoadArray(TestPaths.Fixture("target_meg_v5.mat") + ":" + variable);
        Assert.Equal([15, 20, 12, 12], targets.Shape);
        double expected = Reference.GetProperty("algonauts_fixtures").GetProperty(key).GetProperty("mean_r2").GetDouble();
        Assert.Equal(expected, MeanSquaredSpearman(targets, Model(), 20), 12);
    }

    [Fact]
    public void SubmissionHoldsOneSymmetricZeroDiagonalRdmUnderFourNames()
    {
        var file = MatReader.Read(TestPaths.Fixture("submit_model_v5.mat"));
        Assert.Equal(["EVC_RDMs", "IT_RDMs", "MEG_RDMs_early", "MEG_RDMs_late"], file.Names.OrderBy(n => n, StringComparer.Ordinal));
        var first = ((MatNumeric)file["EVC_RDMs"]).Array;
        Assert.Equal([12, 12], first.Shape);
        foreach (var name in file.Names)
            Assert.Equal(first.ToDoubleArray(), ((MatNumeric)file[name]).Array.ToDoubleArray());
        var d = first.ToDoubleArray();
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(0, d[i * 12 + i]);
            for (int j = 0; j < 12; j++) Assert.Equal(d[i * 12 + j], d[j * 12 + i]);
        }
        Assert.Contains(d, v => v > 0);
    }
}
