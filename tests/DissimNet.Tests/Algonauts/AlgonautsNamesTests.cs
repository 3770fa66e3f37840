using DissimNet.Algonauts;
using DissimNet.Rdms;

namespace DissimNet.Tests.Algonauts;

public class AlgonautsNamesTests
{
    [Theory]
    [InlineData("target_fmri.mat:EVC_RDMs", "Fmri", "EVC")]
    [InlineData("92_Training_Data/fmri.mat:IT_RDMs", "Fmri", "IT")]
    [InlineData("meg.mat:MEG_RDMs_early", "Meg", "Early")]
    [InlineData("meg.mat:MEG_RDMs_late", "Meg", "Late")]
    public void RegionIsInferredFromVariableName(string spec, string track, string region) // by name: the enums are internal
        => Assert.Equal(Enum.Parse<AlgonautsRegion>(region), AlgonautsNames.InferRegion(spec, Enum.Parse<AlgonautsTrack>(track)));

    [Fact]
    public void AmbiguousOrMissingRegionIsNotGuessed()
    {
        Assert.Null(AlgonautsNames.InferRegion("brain.mat:RDMs", AlgonautsTrack.Fmri));
        Assert.Null(AlgonautsNames.InferRegion("meg.mat:MEG_RDMs_late", AlgonautsTrack.Fmri));
    }

    [Fact]
    public void ImageSetWithoutRegionAsksForOne()
    {
        int pairs = SquareForm.PairCount(92);
        var model = new Rdm(Enumerable.Range(0, pairs).Select(i => (double)(i * 13 % 97)).ToArray());
        var target = new RdmStack(92, [3], Enumerable.Range(0, 3 * pairs).Select(i => (double)(i * 7 % 11)).ToArray());
        var e = Assert.Throws<DissimNetException>(() => AlgonautsEvaluation.Score(model, target, AlgonautsTrack.Fmri, imageSet: 92));
        Assert.Contains("EVC, IT, early or late", e.Message);
        var score = AlgonautsEvaluation.Score(model, target, AlgonautsTrack.Fmri, 92, AlgonautsRegion.IT);
        Assert.Equal(100 * score.MeanR2 / 0.3075, score.PercentOfNoiseCeiling!.Value, 12);
    }
}
