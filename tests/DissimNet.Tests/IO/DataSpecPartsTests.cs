using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>The one data-spec parser: path, variable path and trailing [k], including names holding ':' or brackets.</summary>
public sealed class DataSpecPartsTests() : TempFolderTests("spec-parts")
{
    static readonly string Fixture = TestPaths.Fixture("target_fmri_v5.mat");

    string Folder(string name) => Directory.CreateDirectory(Path.Combine(TempRoot, name)).FullName;

    [Fact]
    public void ExistingFileSplitsAtTheLastColon()
    {
        Assert.Equal(new DataSpecParts(Fixture, null, null), DataSpecParts.Parse(Fixture));
        Assert.Equal(new DataSpecParts(Fixture, "IT_RDMs", null), DataSpecParts.Parse(Fixture + ":IT_RDMs"));
        Assert.Equal(new DataSpecParts(Fixture, "RDMs.RDM", null), DataSpecParts.Parse(Fixture + ":RDMs.RDM"));
    }

    [Fact]
    public void MissingFileSplitsOnlyBeforeAVariablePath()
    {
        Assert.Equal(new DataSpecParts("missing.mat", "RDMs.RDM", null), DataSpecParts.Parse("missing.mat:RDMs.RDM"));
        Assert.Equal(new DataSpecParts(@"C:\data\rdms.npy", null, null), DataSpecParts.Parse(@"C:\data\rdms.npy"));
        Assert.Equal(new DataSpecParts("missing.mat:1st", null, null), DataSpecParts.Parse("missing.mat:1st"));
        Assert.Equal(new DataSpecParts("missing.mat:a..b", null, null), DataSpecParts.Parse("missing.mat:a..b"));
    }

    [Fact]
    public void EmptySpecsAndEmptyVariablesAreErrors()
    {
        Assert.Equal("empty data spec (expected file.mat:variable, file.npz:name, file.npy or file.csv)",
            Assert.Throws<DissimNetException>(() => DataSpecParts.Parse("  ")).Message);
        Assert.Equal($"{Fixture}: empty variable name after ':'", Assert.Throws<DissimNetException>(() => DataSpecParts.Parse(Fixture + ":")).Message);
        // An index alone leaves nothing to address.
        Assert.StartsWith("empty data spec", Assert.Throws<DissimNetException>(() => DataSpecParts.ParseIndexed("[3]")).Message);
    }

    [Fact]
    public void FoldersWithColonsInTheirNames()
    {
        var folder = Folder("run:12:30");
        var parts = DataSpecParts.Parse(folder);
        Assert.Equal(new DataSpecParts(folder, null, null), parts);
        Assert.True(parts.IsFolder);

        var mat = Path.Combine(folder, "sub:01.mat");
        File.Copy(Fixture, mat);
        var inside = DataSpecParts.Parse(mat + ":IT_RDMs");
        Assert.Equal(new DataSpecParts(mat, "IT_RDMs", null), inside);
        Assert.False(inside.IsFolder);
        Assert.False(DataSpecParts.Parse("no-such-folder").IsFolder);
    }

    [Fact]
    public void TrailingIndexIsReadOnlyWhenAskedFor()
    {
        Assert.Equal(new DataSpecParts("missing.mat", "RDMs.RDM", 3), DataSpecParts.ParseIndexed("missing.mat:RDMs.RDM[3]"));
        Assert.Equal(new DataSpecParts("rdms.npy", null, 12), DataSpecParts.ParseIndexed("rdms.npy[ 12 ]"));
        Assert.Equal(new DataSpecParts(Fixture, "IT_RDMs", 0), DataSpecParts.ParseIndexed(Fixture + ":IT_RDMs[0]"));
        Assert.Equal(new DataSpecParts("missing.mat", "RDMs.RDM", null), DataSpecParts.ParseIndexed("missing.mat:RDMs.RDM"));
        // Without asking, "[3]" is text, and text that is no variable path is not split off.
        Assert.Equal(new DataSpecParts("missing.mat:RDMs.RDM[3]", null, null), DataSpecParts.Parse("missing.mat:RDMs.RDM[3]"));
    }

    [Fact]
    public void OnlyAPlainNonNegativeIndexCounts()
    {
        Assert.Null(DataSpecParts.ParseIndexed("missing.mat:RDMs[-1]").Index);
        Assert.Equal(1234567890, DataSpecParts.ParseIndexed("missing.mat:RDMs[1234567890]").Index);
        var error = Assert.Throws<DissimNetException>(() => DataSpecParts.ParseIndexed("missing.mat:RDMs[9999999999]"));
        Assert.Equal("missing.mat:RDMs: index [9999999999] is too large for any stack (indices count from 0)", error.Message);
        Assert.Null(DataSpecParts.ParseIndexed("missing.mat:RDMs[2]x").Index);
        Assert.Equal(123456789, DataSpecParts.ParseIndexed("missing.mat:RDMs[123456789]").Index);
    }

    [Fact]
    public void BracketsInFileAndFolderNames()
    {
        var folder = Folder("set[1]");
        var npy = Path.Combine(folder, "rdms.npy");
        Npy.Write(npy, new NdArray([2, 2, 2], [0, 1, 1, 0, 0, 2, 2, 0]));
        Assert.Equal(new DataSpecParts(npy, null, 1), DataSpecParts.ParseIndexed(npy + "[1]"));

        // A file whose whole name ends in [k] is that file, not an index into another.
        var named = Path.Combine(folder, "stack[2]");
        File.WriteAllText(named, "");
        Assert.Equal(new DataSpecParts(named, null, null), DataSpecParts.ParseIndexed(named));
    }

    [Fact]
    public void PrintsAsWritten()
    {
        var parts = DataSpecParts.ParseIndexed("missing.mat:RDMs.RDM[ 3 ]");
        Assert.Equal("missing.mat:RDMs.RDM", parts.Address);
        Assert.Equal("missing.mat:RDMs.RDM[3]", parts.ToString());
        Assert.Equal("rdms.npy", DataSpecParts.Parse("rdms.npy").ToString());
    }
}
