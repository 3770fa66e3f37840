using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Tests.Rdms;
using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>A training target may be one RDM (square, condensed, or picked from a stack with [k]) as well as subjects x n x n.</summary>
public class TargetSpecTests
{
    [Fact]
    public void OneRdmPickedFromAStructArrayIsOneSubject()
    {
        // The monkey IT RDM of Kriegeskorte et al. 2008 is element 0 of a 1 x 2 struct array, stored condensed (1 x 4186).
        var spec = ReferenceValues.Supplemental("RDMs_mIT_hIT_fig1.RDM[0]");
        var target = ImageSetFiles.LoadTargetArray(spec);
        Assert.Equal([1, 92, 92], target.Shape);
        var expected = RdmFiles.LoadSingle(spec);
        var values = target.ToDoubleArray();
        for (int i = 0; i < 92; i++)
            for (int j = 0; j < 92; j++) Assert.Equal(expected[i, j], values[i * 92 + j]);
        Assert.Equal(92, TargetPreparation.ConditionCount(target, spec));
    }

    [Fact]
    public void ASubjectStackStaysAsItIsAndAnIndexPicksOneSubject()
    {
        var spec = TestPaths.Data("92imageData/92_brainRDMs.mat") + ":RDMs.RDM";
        Assert.Equal([8, 92, 92], ImageSetFiles.LoadTargetArray(spec).Shape); // the 1 x 4 x 2 struct array, flattened
        var one = ImageSetFiles.LoadTargetArray(spec + "[5]");
        Assert.Equal([1, 92, 92], one.Shape);
        Assert.Equal(RdmFiles.LoadSingle(spec + "[5]")[3, 7], one.ToDoubleArray()[3 * 92 + 7]);
    }
}
