using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>Broken files give one DissimNetException naming the file and the problem, never an index error or a hang.</summary>
public class MalformedInputTests
{
    private static string Temp(byte[] bytes, string extension = ".mat")
    {
        var path = Path.Combine(Path.GetTempPath(), $"dissimnet-test-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("target_fmri_v5.mat")]
    [InlineData("target_meg_v5.mat")]
    [InlineData("submit_model_v5.mat")]
    [InlineData("target_meg_v73.mat")]
    public void EveryTruncationGivesAClearError(string fixture)
    {
        var bytes = File.ReadAllBytes(TestPaths.Fixture(fixture));
        // Cut at many points, including inside the header, tags, lengths and data.
        var cuts = new[] { 0, 10, 127, 131, 136, 140, 150, 200, 1000, bytes.Length / 2, bytes.Length - 9, bytes.Length - 1 };
        foreach (int cut in cuts.Where(c => c < bytes.Length))
        {
            var path = Temp(bytes[..cut]);
            var error = Assert.Throws<DissimNetException>(() => MatReader.Read(path));
            Assert.StartsWith(path + ":", error.Message);
            Assert.DoesNotContain("\n", error.Message);
        }
    }

    [Fact]
    public void HeaderOnlyFileHoldsNoVariables()
    {
        var path = Temp(File.ReadAllBytes(TestPaths.Fixture("target_fmri_v5.mat"))[..128]);
        Assert.Empty(MatReader.Read(path).Names);
        Assert.Equal($"{path}: variable 'x' not found (variables: none)", Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path + ":x")).Message);
    }

    [Fact]
    public void TruncatedScipyFileSaysWhereItIsCut()
    {
        var bytes = File.ReadAllBytes(TestPaths.Fixture("target_fmri_v5.mat"));
        var path = Temp(bytes[..2000]);
        var error = Assert.Throws<DissimNetException>(() => MatReader.Read(path));
        Assert.Equal($"{path}: file is truncated or corrupt (variable claims 17344 bytes at offset 136, only 1864 left)", error.Message);
    }

    [Fact]
    public void WrongMagicIsNotAMatFile()
    {
        var path = Temp(Enumerable.Repeat((byte)'x', 300).ToArray());
        var error = Assert.Throws<DissimNetException>(() => MatReader.Read(path));
        Assert.Equal($"{path}: not a MAT-file version 5 (no 'IM'/'MI' byte-order mark at offset 126)", error.Message);
    }

    [Fact]
    public void MissingVariableListsTheVariables()
    {
        var path = TestPaths.Fixture("target_fmri_v5.mat");
        var error = Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path + ":V1_RDMs"));
        Assert.Equal($"{path}: variable 'V1_RDMs' not found (variables: EVC_RDMs, IT_RDMs)", error.Message);
    }

    [Fact]
    public void MissingFieldListsTheFields()
    {
        var path = TestPaths.Data("92imageData/92_brainRDMs.mat");
        var error = Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path + ":RDMs.rdm"));
        Assert.Equal($"{path}: variable 'RDMs' has no field 'rdm' (fields: RDM, name, color)", error.Message);
    }

    [Fact]
    public void FieldPathIntoANonStructIsRejected()
    {
        var path = TestPaths.Fixture("target_fmri_v5.mat");
        var error = Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path + ":EVC_RDMs.RDM"));
        Assert.Equal($"{path}: variable 'EVC_RDMs' is a 15x12x12 double array, not a struct, so it has no field 'RDM'", error.Message);
    }

    [Fact]
    public void OverflowingDimensionsAreRejectedBeforeAllocating()
    {
        var b = new MatBytes(bigEndian: false);
        var path = Temp(b.File(b.Matrix("huge", MatBytes.Double, [100000, 100000, 100000], false, b.Element(MatBytes.MiDouble, b.Doubles(1)))));
        var error = Assert.Throws<DissimNetException>(() => MatReader.Read(path));
        Assert.Equal($"{path}: variable 'huge': dimensions 100000x100000x100000 hold more elements than DissimNet can load (corrupt file?)", error.Message);
    }

    [Fact]
    public void DataShorterThanDimensionsIsRejected()
    {
        var b = new MatBytes(bigEndian: true);
        var path = Temp(b.File(b.Matrix("x", MatBytes.Double, [3, 3], false, b.Element(MatBytes.MiDouble, b.Doubles(1, 2)))));
        var error = Assert.Throws<DissimNetException>(() => MatReader.Read(path));
        Assert.Contains("variable 'x': data holds 16 bytes but dimensions 3x3 of miDOUBLE need 72", error.Message);
    }

    [Fact]
    public void HugeCellCountInASmallFileIsRejected()
    {
        var b = new MatBytes(bigEndian: false);
        var path = Temp(b.File(b.Matrix("c", MatBytes.Cell, [1, 1000000], false)));
        var error = Assert.Throws<DissimNetException>(() => MatReader.Read(path));
        Assert.Contains("variable 'c': cell array 1x1000000 needs 1000000 elements", error.Message);
    }

    [Fact]
    public void MissingFileAndUnknownExtensionAreReported()
    {
        Assert.Equal("nowhere/x.mat: file not found", Assert.Throws<DissimNetException>(() => DataSpec.LoadArray("nowhere/x.mat:RDMs")).Message);
        var path = Temp([1, 2, 3], ".bin");
        Assert.Contains("unknown file type '.bin'", Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path)).Message);
    }

    [Fact]
    public void CorruptNpzIsReported()
    {
        var path = Temp([0x50, 0x4B, 3, 4, 0, 0, 0], ".npz");
        Assert.StartsWith($"{path}: not a valid .npz (zip) archive", Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path + ":a")).Message);
    }
}
