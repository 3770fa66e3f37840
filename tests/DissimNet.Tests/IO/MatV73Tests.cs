using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>MAT v7.3 (HDF5) files: the MEG fixture must equal its scipy-written v5 twin element for element.</summary>
public class MatV73Tests
{
    [Theory]
    [InlineData("MEG_RDMs_early")]
    [InlineData("MEG_RDMs_late")]
    public void MegArraysEqualTheV5Fixture(string variable)
    {
        var v73 = DataSpec.LoadArray(TestPaths.Fixture("target_meg_v73.mat") + ":" + variable);
        var v5 = DataSpec.LoadArray(TestPaths.Fixture("target_meg_v5.mat") + ":" + variable);
        Assert.Equal([15, 20, 12, 12], v73.Shape);
        Assert.Equal(ElementType.Double, v73.Type);
        Assert.Equal(v5.Data, v73.Data);
    }

    [Fact]
    public void VersionIsDetectedFromTheHeader()
    {
        var file = MatReader.Read(TestPaths.Fixture("target_meg_v73.mat"));
        Assert.Equal("7.3", file.Version);
        Assert.Equal(["MEG_RDMs_early", "MEG_RDMs_late"], file.Names.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("5", MatReader.Read(TestPaths.Fixture("target_meg_v5.mat")).Version);
    }
}
