using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>How a spec string splits into file and variable, including paths that contain ':'.</summary>
public class DataSpecTests
{
    [Fact]
    public void SplitsOnTheLastColonAfterAnExistingFile()
    {
        var fixture = TestPaths.Fixture("target_fmri_v5.mat");
        Assert.Equal(new DataSpec(fixture, "IT_RDMs"), DataSpec.Parse(fixture + ":IT_RDMs"));
        Assert.Equal(new DataSpec(fixture, null), DataSpec.Parse(fixture));
        Assert.Equal(new DataSpec("missing.mat", "RDMs.RDM"), DataSpec.Parse("missing.mat:RDMs.RDM"));
        Assert.Equal(new DataSpec(@"C:\data\rdms.npy", null), DataSpec.Parse(@"C:\data\rdms.npy"));
    }

    [Fact]
    public void FolderNamesWithColonsStillWork()
    {
        var folder = Directory.CreateTempSubdirectory("dissimnet-run:12:30-").FullName;
        var path = Path.Combine(folder, "rdm.npy");
        Npy.Write(path, new NdArray([2, 2], [0, 1, 1, 0]));
        Assert.Equal(new DataSpec(path, null), DataSpec.Parse(path));
        Assert.Equal([2, 2], DataSpec.LoadArray(path).Shape);

        var mat = Path.Combine(folder, "sub:01.mat");
        File.Copy(TestPaths.Fixture("submit_model_v5.mat"), mat);
        Assert.Equal(new DataSpec(mat, "IT_RDMs"), DataSpec.Parse(mat + ":IT_RDMs"));
        Assert.Equal([12, 12], DataSpec.LoadArray(mat + ":IT_RDMs").Shape);
    }

    [Fact]
    public void SingleVariableFilesNeedNoName()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dissimnet-test-{Guid.NewGuid():N}.mat");
        MatWriter.WriteArrays(path, [new("rdm", new NdArray([2, 2], [0, 3, 3, 0]))]);
        Assert.Equal([0.0, 3, 3, 0], DataSpec.LoadArray(path).ToDoubleArray());
        var npy = Path.Combine(Path.GetTempPath(), $"dissimnet-test-{Guid.NewGuid():N}.npy");
        Npy.Write(npy, new NdArray([1], [1.0]));
        Assert.Contains("holds one array; remove ':x'", Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(npy + ":x")).Message);
    }
}
