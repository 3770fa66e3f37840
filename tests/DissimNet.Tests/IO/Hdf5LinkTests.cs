using DissimNet.IO;
using DissimNet.Tests.Cli;
using DissimNet.Tests.Fuzz;
using PureHDF;

namespace DissimNet.Tests.IO;

/// <summary>HDF5 files that point outside themselves (external links, virtual datasets, external raw storage) or whose soft
/// links loop are refused in one line naming the file and the object, before PureHDF follows anything; soft links that
/// resolve, and groups with dense link storage, still read. Fixtures: tests/fixtures-src/make_hdf5_links.py.</summary>
public class Hdf5LinkTests() : TempFolderTests("hdf5-links")
{
    static string Fixture(string name) => TestPaths.Fixture(Path.Combine("hdf5-links", name));

    string Save(string name, Action<Stream> write, bool matHeader = false)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, name);
        using var stream = new MemoryStream();
        write(stream);
        var bytes = stream.ToArray();
        if (matHeader) Mat73Files.StampHeader(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>An rsatoolbox-like file written by PureHDF, with <paramref name="links"/> added to its rdm_descriptors group.</summary>
    string Rsatoolbox(string name, params (string Name, string Target)[] links)
    {
        var descriptors = new H5Group { ["session"] = new long[] { 1, 2 } };
        foreach (var (link, target) in links) descriptors[link] = new H5SoftLink(target);
        var file = new H5File
        {
            ["dissimilarities"] = new double[,] { { 0.1, 0.2, 0.3 }, { 0.4, 0.5, 0.6 } },
            ["rdm_descriptors"] = descriptors,
        };
        return Save(name, stream => file.Write(stream));
    }

    [Theory]
    [InlineData("self", "/rdm_descriptors/self")]
    [InlineData("self", "self")]
    [InlineData("self", "/rdm_descriptors/self/deeper")]
    public void ASoftLinkToItselfIsRefused(string link, string target)
    {
        var path = Rsatoolbox("self.hdf5", (link, target));
        var e = Assert.Throws<DissimNetException>(() => RsatoolboxFile.Read(path));
        Assert.StartsWith($"{path}: soft link '/rdm_descriptors/{link}' leads through more than {Hdf5LinkCheck.MaxSoftLinkHops} soft links", e.Message);
    }

    [Fact]
    public void ALoopThroughTwoSoftLinksIsRefusedInAMatFile()
    {
        var file = new H5File { ["a"] = new H5SoftLink("/b"), ["b"] = new H5SoftLink("a"), ["x"] = new double[] { 1, 2 } };
        var path = Save("loop.mat", stream => file.Write(stream, new H5WriteOptions(UserBlockSize: 512)), matHeader: true);
        var e = Assert.Throws<DissimNetException>(() => MatReader.Read(path));
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}: soft link '/[ab]' leads through more than 16 soft links", e.Message);
        Assert.Throws<DissimNetException>(() => MatReader.Describe(path));
    }

    [Fact]
    public void SoftLinksThatResolveStillRead()
    {
        var path = Rsatoolbox("chain.hdf5", ("again", "/rdm_descriptors/session"), ("relative", "again"));
        var rdms = RsatoolboxFile.Read(path);
        Assert.Equal(["again", "relative", "session"], rdms.RdmDescriptors.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(rdms.RdmDescriptors, c => Assert.Equal(new long[] { 1, 2 }, c.Values));
    }

    [Fact]
    public void ADanglingSoftLinkIsTheReadersOrdinaryError()
    {
        var path = Rsatoolbox("dangling.hdf5", ("nowhere", "/missing/thing"));
        var e = Assert.Throws<DissimNetException>(() => RsatoolboxFile.Read(path));
        Assert.Equal($"{path}: rdm_descriptors/nowhere is not a one-dimensional dataset; expected one value per RDM", e.Message);
    }

    [Theory]
    [InlineData("external_link.hdf5", "'/rdm_descriptors/subject' is an HDF5 external link (to /etc/passwd:/subject)")]
    [InlineData("external_link_dense.hdf5", "'/rdm_descriptors/zz' is an HDF5 external link (to secret.h5:/x)")]
    [InlineData("virtual_dataset.hdf5", "'/dissimilarities' is an HDF5 virtual dataset")]
    [InlineData("external_storage.hdf5", "'/dissimilarities' keeps its values in external files")]
    public void LinksToOtherFilesAreRefused(string fixture, string expected)
    {
        var path = Fixture(fixture);
        var e = Assert.Throws<DissimNetException>(() => RsatoolboxFile.Read(path));
        Assert.StartsWith($"{path}: {expected}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ALoopInDenseLinkStorageIsRefused()
    {
        var path = Fixture("soft_loop_dense.hdf5");
        var e = Assert.Throws<DissimNetException>(() => RsatoolboxFile.Read(path));
        Assert.Matches("soft link '/loop_[ab]' leads through more than 16 soft links", e.Message);
    }

    [Fact]
    public void AnExternalLinkInAMatFileIsRefusedByReadAndInventory()
    {
        var path = Fixture("external_link_v73.mat");
        string expected = $"{path}: '/y' is an HDF5 external link (to /etc/passwd:/y)";
        Assert.StartsWith(expected, Assert.Throws<DissimNetException>(() => MatReader.Read(path)).Message);
        Assert.StartsWith(expected, Assert.Throws<DissimNetException>(() => FileInventory.Describe(path)).Message);
    }

    [Fact]
    public void DenseGroupsWithManyLinksRead()
    {
        // 200 pattern descriptors: the link messages live in a fractal heap with indirect blocks, indexed by a B-tree of two levels.
        var rdms = RsatoolboxFile.Read(Fixture("dense_with_soft_link.hdf5"));
        Assert.Equal(200, rdms.PatternDescriptors.Count);
        Assert.Equal(new long[] { 1, 2 }, rdms.RdmDescriptors.Single(c => c.Name == "same_session").Values);
    }

    [Fact]
    public void TheCommandLineGivesOneLineAndExitCode2()
    {
        var path = Rsatoolbox("self.hdf5", ("self", "self"));
        var (exit, _, stderr) = CliHarness.Run("inspect", path);
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {path}: soft link '/rdm_descriptors/self'", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }
}
