using DissimNet.Workflows;

namespace DissimNet.Tests.Workflows;

public sealed class ComparisonModelSpecTests() : TempFolderTests("compare-spec")
{
    [Theory]
    [InlineData("run:out/run1", "run1", "out/run1", null, null)]
    [InlineData("run:out/run1:layer4", "run1:layer4", "out/run1", "layer4", null)]
    [InlineData("run:out/run1:layer4.1.conv2@3", "run1:layer4.1.conv2@3", "out/run1", "layer4.1.conv2", 3)]
    [InlineData("run:out/run1@0", "run1@0", "out/run1", null, 0)]
    [InlineData("trained=run:out/run1:stage4@12", "trained", "out/run1", "stage4", 12)]
    public void RunLayers(string text, string name, string folder, string? layer, int? epoch)
    {
        var spec = ComparisonModelSpec.Parse(text);
        Assert.True(spec.IsRun);
        Assert.Equal((name, folder, layer, epoch), (spec.Name, spec.RunFolder, spec.Layer, spec.Epoch));
    }

    [Theory]
    [InlineData("data/rdms.mat:RDMs.RDM[1]", "rdms.mat:RDMs.RDM[1]", "data/rdms.mat:RDMs.RDM[1]")]
    [InlineData("mIT=data/rdms.mat:RDMs.RDM[0]", "mIT", "data/rdms.mat:RDMs.RDM[0]")]
    [InlineData("hIT fig. 1 (Kriegeskorte)=/x/y.npy", "hIT fig. 1 (Kriegeskorte)", "/x/y.npy")]
    public void RdmFiles(string text, string name, string rdmSpec)
    {
        var spec = ComparisonModelSpec.Parse(text);
        Assert.False(spec.IsRun);
        Assert.Equal((name, rdmSpec), (spec.Name, spec.Spec));
    }

    [Fact]
    public void AnExistingFileIsTakenWholeEvenWithEqualsOrRunInItsName()
    {
        Directory.CreateDirectory(TempRoot);
        var odd = Path.Combine(TempRoot, "a=b.npy");
        File.WriteAllText(odd, "");
        Assert.Equal(odd, ComparisonModelSpec.Parse(odd).Spec);
        Assert.False(ComparisonModelSpec.Parse(odd).IsRun);
    }

    [Fact]
    public void EmptyPartsAreSettingErrors()
    {
        Assert.Contains("nothing after '='", Assert.Throws<SettingException>(() => ComparisonModelSpec.Parse("a=")).Message);
        Assert.Contains("no run folder", Assert.Throws<SettingException>(() => ComparisonModelSpec.Parse("run:")).Message);
        Assert.Contains("empty layer name", Assert.Throws<SettingException>(() => ComparisonModelSpec.Parse("run:x:")).Message);
    }
}
