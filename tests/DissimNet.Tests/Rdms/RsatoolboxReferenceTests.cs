using System.Text.Json;
using DissimNet.Statistics;
using DissimNet.Rdms;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Rdms;

/// <summary>Every comparison and noise ceiling in rsatoolbox_reference.json (computed with rsatoolbox itself), to 1e-9.</summary>
public class RsatoolboxReferenceTests
{
    static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("rsatoolbox_reference.json"))).RootElement;

    static Rdm Model() => RdmFiles.LoadStack(Supplemental("RDMs_mIT_hIT_fig1.RDM"))[0];

    /// <summary>The targets as the reference describes them: 8 sessions in file order, or each subject's 2 sessions averaged in float32.</summary>
    static RdmStack Targets(string name)
    {
        var sessions = RdmFiles.LoadStack(BrainRdms);
        if (name == "sessions8") return sessions;
        // Subject fastest in MATLAB's element order: subject s has sessions s and s + 4; Mean() of a single-precision stack sums in float32.
        var subjects = new double[4 * sessions.PairCount];
        for (int s = 0; s < 4; s++) sessions.Select([s, s + 4]).Mean().Vector.CopyTo(subjects, s * sessions.PairCount);
        return new RdmStack(92, [4], subjects);
    }

    public static TheoryData<string, string> Comparisons()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in new[] { "sessions8", "subjavg4" })
            foreach (var method in Reference.GetProperty(target).GetProperty("compare").EnumerateObject())
                data.Add(target, method.Name);
        return data;
    }

    public static TheoryData<string, string> Ceilings()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in new[] { "sessions8", "subjavg4" })
            foreach (var method in Reference.GetProperty(target).GetProperty("noise_ceiling").EnumerateObject())
                data.Add(target, method.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void ComparisonsMatchRsatoolbox(string target, string rsatoolboxName)
    {
        var expected = Reference.GetProperty(target).GetProperty("compare").GetProperty(rsatoolboxName);
        var per = expected.GetProperty("per").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var score = ModelEvaluation.Score(Model(), Targets(target), new ScoreOptions { Method = ComparisonMethods.Parse(rsatoolboxName) });
        Assert.Equal(per.Length, score.PerSubject.Length);
        for (int k = 0; k < per.Length; k++) Close(per[k], score.PerSubject[k]);
        Close(expected.GetProperty("mean").GetDouble(), score.Mean);
    }

    [Theory]
    [MemberData(nameof(Ceilings))]
    public void MatchedNoiseCeilingsMatchBootNoiseCeiling(string target, string rsatoolboxName)
    {
        var expected = Reference.GetProperty(target).GetProperty("noise_ceiling").GetProperty(rsatoolboxName).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var nc = NoiseCeiling.Compute(Targets(target), ComparisonMethods.Parse(rsatoolboxName));
        Close(expected[0], nc.Lower);
        Close(expected[1], nc.Upper);
    }
}
