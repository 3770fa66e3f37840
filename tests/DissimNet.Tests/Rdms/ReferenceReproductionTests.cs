using DissimNet.Algonauts;
using DissimNet.Statistics;
using DissimNet.IO;
using DissimNet.Rdms;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Rdms;

/// <summary>Every number in rsa_reference.json, recomputed from the data files through the public API.</summary>
public class ReferenceReproductionTests
{
    static (Rdm Monkey, Rdm Human) MonkeyAndHumanIT()
    {
        var stack = RdmFiles.LoadStack(Supplemental("RDMs_mIT_hIT_fig1.RDM"));
        Assert.Equal(2, stack.Count);
        Assert.Equal(92, stack.ConditionCount);
        return (stack[0], stack[1]);
    }

    [Theory]
    [InlineData(ComparisonMethod.Spearman, "spearman")]
    [InlineData(ComparisonMethod.Pearson, "pearson")]
    [InlineData(ComparisonMethod.KendallTauA, "kendall_tau_a")]
    public void MonkeyITAgainstHumanIT(ComparisonMethod method, string key)
    {
        var (monkey, human) = MonkeyAndHumanIT();
        Close(Number("mIT_vs_hIT_fig1", key), RdmComparison.Compare(monkey, human, method));
    }

    [Theory]
    [InlineData(ComparisonMethod.Spearman, "spearman")]
    [InlineData(ComparisonMethod.Pearson, "pearson")]
    [InlineData(ComparisonMethod.KendallTauA, "kendall_tau_a")]
    public void AnimacyAgainstHumanIT(ComparisonMethod method, string key)
    {
        var categories = DataSpec.LoadArray(Supplemental("categoryVectors"));
        Assert.Equal([92, 12], categories.Shape);
        var animate = Enumerable.Range(0, 92).Select(i => categories.GetDouble(i * 12 + 1)).ToArray();
        // Euclidean distance of one 0/1 feature: 0 within animate or inanimate, 1 across.
        var animacy = FeatureRdm.Compute(animate, 92, 1, DistanceMetric.Euclidean);
        var (_, human) = MonkeyAndHumanIT();
        Close(Number("animacy_vs_hIT_fig1", key), RdmComparison.Compare(animacy, human, method));
    }

    [Fact]
    public void MonkeyITAgainstEachHumanSession()
    {
        var (monkey, _) = MonkeyAndHumanIT();
        var sessions = RdmFiles.LoadStack(BrainRdms);
        Assert.Equal([8], sessions.LeadingShape);
        var score = ModelEvaluation.Score(monkey, sessions, new ScoreOptions { NoiseCeilingR2 = 0.3075 });
        var expected = Numbers("hIT_sessions", "mIT_spearman_per_rdm");
        for (int k = 0; k < 8; k++) Close(expected[k], score.PerSubject[k]);
        Close(Number("hIT_sessions", "mean_r2"), score.MeanR2);
        CloseRelative(Number("hIT_sessions", "ttest_1samp_r2_pvalue"), score.R2Test!.PValue);
        Close(Number("hIT_sessions", "percent_of_noise_ceiling_given_nc_0.3075"), score.PercentOfNoiseCeiling!.Value);
    }

    [Fact]
    public void NoiseCeilingOfEightSessions()
    {
        // rsa_reference.json averages the raw RDMs (rsatoolbox_reference.json has the matched ceilings).
        var nc = NoiseCeiling.Compute(RdmFiles.LoadStack(BrainRdms), pooling: NoiseCeilingPooling.Raw);
        Close(Number("noise_ceiling_spearman", "hIT_8_session_rdms", "lower"), nc.Lower);
        Close(Number("noise_ceiling_spearman", "hIT_8_session_rdms", "upper"), nc.Upper);
    }

    [Fact]
    public void NoiseCeilingOfFourSubjectsWithSessionsAveraged()
    {
        var sessions = RdmFiles.LoadStack(BrainRdms);
        // MATLAB's element order of the 1 x 4 x 2 struct: subject varies fastest, so subject s has sessions s and s + 4.
        var subjects = new double[4 * sessions.PairCount];
        for (int s = 0; s < 4; s++)
            sessions.Select([s, s + 4]).Mean().Vector.CopyTo(subjects, s * sessions.PairCount);
        Assert.True(sessions.SinglePrecision); // the file stores single-precision RDMs
        var nc = NoiseCeiling.Compute(new RdmStack(92, [4], subjects, singlePrecision: true), pooling: NoiseCeilingPooling.Raw);
        Close(Number("noise_ceiling_spearman", "hIT_4_subjects_sessions_averaged", "lower"), nc.Lower);
        Close(Number("noise_ceiling_spearman", "hIT_4_subjects_sessions_averaged", "upper"), nc.Upper);
    }

    [Theory]
    [InlineData("target_fmri_v5.mat", "EVC_RDMs", "Fmri", "EVC")]
    [InlineData("target_fmri_v5.mat", "IT_RDMs", "Fmri", "IT")]
    [InlineData("target_meg_v5.mat", "MEG_RDMs_early", "Meg", "MEG_early")]
    [InlineData("target_meg_v5.mat", "MEG_RDMs_late", "Meg", "MEG_late")]
    [InlineData("target_meg_v73.mat", "MEG_RDMs_early", "Meg", "MEG_early")]
    [InlineData("target_meg_v73.mat", "MEG_RDMs_late", "Meg", "MEG_late")]
    public void AlgonautsFixtureScores(string targetFile, string variable, string trackName, string key)
    {
        var track = Enum.Parse<AlgonautsTrack>(trackName); // by name: the enum is internal and test methods are public
        var model = RdmFiles.LoadSingle(TestPaths.Fixture("submit_model_v5.mat") + ":" + variable);
        var target = RdmFiles.LoadStack(TestPaths.Fixture(targetFile) + ":" + variable);
        Assert.Equal(track == AlgonautsTrack.Meg ? [15, 20] : [15], target.LeadingShape);
        var score = AlgonautsEvaluation.Score(model, target, track);
        Close(Number("algonauts_fixtures", key, "mean_r2"), score.MeanR2);
        CloseRelative(Number("algonauts_fixtures", key, "p"), score.R2Test!.PValue);
    }

    [Fact]
    public void PublishedNoiseCeilingsMatchTheReferenceTable()
    {
        foreach (var set in PublishedNoiseCeilings.ImageSets)
        {
            var name = set.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Number("algonauts_fixtures", "published_noise_ceilings_r2", "fmri", name, "EVC"), PublishedNoiseCeilings.Get(set, AlgonautsRegion.EVC));
            Assert.Equal(Number("algonauts_fixtures", "published_noise_ceilings_r2", "fmri", name, "IT"), PublishedNoiseCeilings.Get(set, AlgonautsRegion.IT));
            Assert.Equal(Number("algonauts_fixtures", "published_noise_ceilings_r2", "meg", name, "early"), PublishedNoiseCeilings.Get(set, AlgonautsRegion.Early));
            Assert.Equal(Number("algonauts_fixtures", "published_noise_ceilings_r2", "meg", name, "late"), PublishedNoiseCeilings.Get(set, AlgonautsRegion.Late));
        }
    }
}
