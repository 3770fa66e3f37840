using DissimNet.IO;
using static DissimNet.Tests.IO.ReferenceStats;

namespace DissimNet.Tests.IO;

/// <summary>The data spec examples on the real 92-image files, checked against the README and the scipy reference values.</summary>
public class NinetyTwoImageDataTests
{
    private static readonly string BrainRdms = TestPaths.Data("92imageData/92_brainRDMs.mat");
    private static readonly string Supplemental = TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat");

    [Fact]
    public void BrainRdmsStackEightSessionsInReferenceOrder()
    {
        var rdms = DataSpec.LoadArray(BrainRdms + ":RDMs.RDM");
        Assert.Equal([8, 92, 92], rdms.Shape);
        Assert.Equal(ElementType.Single, rdms.Type); // the file stores these RDMs as MATLAB singles

        var names = DataSpec.LoadStrings(BrainRdms + ":RDMs.name");
        var expected = Reference.GetProperty("hIT_sessions").GetProperty("order").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(expected, names);

        // Each session RDM against the monkey IT RDM gives scipy's Spearman value, so order and values both match.
        var mit = DataSpec.LoadArray(Supplemental + ":RDMs_mIT_hIT_fig1.RDM").ToDoubleArray()[..4186];
        var reference = Reference.GetProperty("hIT_sessions").GetProperty("mIT_spearman_per_rdm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var data = rdms.ToDoubleArray();
        for (int s = 0; s < 8; s++)
            Assert.Equal(reference[s], Spearman(mit, UpperTriangle(data, s * 92 * 92, 92)), 10);
    }

    [Fact]
    public void BrainRdmsAreA1x4x2StructWithSubjectFastest()
    {
        var file = MatReader.Read(BrainRdms);
        var rdms = Assert.IsType<MatStruct>(file["RDMs"]);
        Assert.Equal([1, 4, 2], rdms.Dimensions);
        Assert.Equal(["RDM", "name", "color"], rdms.FieldNames.ToArray());
        // Column-major element order: RDMs(1,2,1) is the second element, RDMs(1,1,2) the fifth.
        Assert.Equal("hIT | KO | Session: 1", ((MatChar)rdms.Elements[1]["name"]).Text);
        Assert.Equal("hIT | BE | Session: 2", ((MatChar)rdms.Elements[4]["name"]).Text);
    }

    [Fact]
    public void MonkeyAndHumanItFig1RdmsMatchScipy()
    {
        var rdms = DataSpec.LoadArray(Supplemental + ":RDMs_mIT_hIT_fig1.RDM");
        Assert.Equal([2, 4186], rdms.Shape);
        var data = rdms.ToDoubleArray();
        var mit = data[..4186];
        var hit = data[4186..];
        var reference = Reference.GetProperty("mIT_vs_hIT_fig1");
        Assert.Equal(reference.GetProperty("spearman").GetDouble(), Spearman(mit, hit), 10);
        Assert.Equal(reference.GetProperty("pearson").GetDouble(), Pearson(mit, hit), 10);
        Assert.Equal(["mIT_674neurons", "hITvisStim_316vx"], DataSpec.LoadStrings(Supplemental + ":RDMs_mIT_hIT_fig1.name"));
    }

    [Fact]
    public void StimulusImagesStackTo92RgbImages()
    {
        var images = DataSpec.LoadArray(Supplemental + ":stimuli_92objs.image");
        Assert.Equal([92, 175, 175, 3], images.Shape);
        Assert.Equal(ElementType.UInt8, images.Type);
    }

    [Fact]
    public void CategoriesMatchTheReadmeCounts()
    {
        var categories = DataSpec.LoadStrings(Supplemental + ":stimuli_92objs.category");
        Assert.Equal(92, categories.Count);
        var counts = categories.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["human bodypart"] = 12, ["human face"] = 12, ["nonhuman bodypart"] = 12,
            ["nonhuman face"] = 12, ["natural inanimate"] = 23, ["artificial inanimate"] = 21,
        }, counts);
    }

    [Fact]
    public void AnimacyColumnGivesScipysAnimacyCorrelation()
    {
        // categoryVectors is 92x12 uint8: a row per image, so column 1 (animate) must be read in MATLAB's (i,j) order.
        var vectors = DataSpec.LoadArray(Supplemental + ":categoryVectors");
        Assert.Equal([92, 12], vectors.Shape);
        var animate = Enumerable.Range(0, 92).Select(i => vectors.GetDouble(i * 12)).ToArray();
        var model = new List<double>();
        for (int i = 0; i < 92; i++)
            for (int j = i + 1; j < 92; j++) model.Add(animate[i] == animate[j] ? 0 : 1);
        var hit = DataSpec.LoadArray(Supplemental + ":RDMs_mIT_hIT_fig1.RDM").ToDoubleArray()[4186..];
        Assert.Equal(Reference.GetProperty("animacy_vs_hIT_fig1").GetProperty("spearman").GetDouble(), Spearman(model.ToArray(), hit), 10);
    }

    [Fact]
    public void CategoryLabelsCellReadsAsStrings()
    {
        var labels = DataSpec.LoadStrings(Supplemental + ":categoryLabels");
        Assert.Equal(["animate", "inanim", "human", "nonhumani", "body", "face", "natObj", "artiObj", "rand24", "rand48", "other48", "monkeyape"], labels);
    }
}
