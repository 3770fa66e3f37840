using DissimNet.IO;
using DissimNet.Tests.Cli;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes the rsatoolbox reader and its inventory (what <c>inspect</c> lists) with generated HDF5 damage: the file
/// DissimNet writes, the file rsatoolbox wrote (old-style groups: symbol tables, local heaps) and a file with dense link storage
/// and a soft link, each with its superblock, signed structures and link and attribute messages overwritten; plus whole files
/// of the wrong structure and the link fixtures DissimNet must refuse.</summary>
[Collection("Fuzz")]
public sealed class RsatoolboxHdf5FuzzTests
{
    /// <summary>The link fixtures that must be refused: external links, a virtual dataset, external storage, a soft-link loop.</summary>
    static readonly string[] Refused = ["external_link.hdf5", "external_link_dense.hdf5", "external_storage.hdf5", "soft_loop_dense.hdf5", "virtual_dataset.hdf5"];

    internal static IReadOnlyList<FuzzSeed> Seeds()
    {
        var written = RsatoolboxFuzzTests.Seeds()[0].Valid;
        byte[] Fixture(string name) => File.ReadAllBytes(TestPaths.Fixture(name));
        return
        [
            new("written", written, Crafted: [.. Hdf5Mutations.Targeted(written), .. Hdf5Mutations.Structural(),
                .. Refused.Select(name => ($"the fixture {name}", Fixture(Path.Combine("hdf5-links", name))))]),
            new("rsatoolbox", Fixture("hIT_rdms_rsatoolbox.hdf5"), Crafted: [.. Hdf5Mutations.Targeted(Fixture("hIT_rdms_rsatoolbox.hdf5"))]),
            new("dense-links", Fixture("hdf5-links/dense_with_soft_link.hdf5"), Crafted: [.. Hdf5Mutations.Targeted(Fixture("hdf5-links/dense_with_soft_link.hdf5"))]),
        ];
    }

    static string Fingerprint(RsatoolboxRdms rdms) =>
        $"{rdms.RdmCount}x{rdms.PairCount} {FuzzRunner.Fingerprint(new NdArray([rdms.Dissimilarities.Length], rdms.Dissimilarities))} {rdms.DissimilarityMeasure} "
        + string.Join(",", rdms.RdmDescriptors.Concat(rdms.PatternDescriptors).Select(c => $"{c.Name}:{c.Count}"));

    // About 3,300 generated cases, 1,200 cuts and 180 random mutations over the three files: 20-40 s on an idle 2-core machine.
    [Fact]
    public void ReadNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("rsatoolbox-hdf5", ".hdf5", Seeds(), path => Fingerprint(RsatoolboxFile.Read(path)), randomCases: 60,
            outsideOurCode: RsatoolboxFuzzTests.InPureHdf);

    // The file DissimNet writes only (about 900 generated cases, every cut, 60 random): a few seconds.
    [Fact]
    public void InventoryNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("rsatoolbox-hdf5-inspect", ".hdf5", Seeds().Take(1).ToList(), path => Fingerprints.Of(FileInventory.Describe(path)), randomCases: 60,
            outsideOurCode: RsatoolboxFuzzTests.InPureHdf);
}

/// <summary><c>dissimnet inspect</c> of the rsatoolbox files of the wrong structure and the link fixtures: exit 0, or exit 2
/// with one line on stderr.</summary>
[Collection("Console")]
public sealed class RsatoolboxInspectFuzzTests() : TempFolderTests("fuzz-rsatoolbox-inspect")
{
    [Fact]
    public void InspectOfHostileRsatoolboxFilesEndsInOneLineOrAnInventory()
    {
        Directory.CreateDirectory(TempRoot);
        var failures = new List<string>();
        var cases = Hdf5Mutations.Structural().Concat(Hdf5Mutations.Targeted(RsatoolboxFuzzTests.Seeds()[0].Valid).Where((_, k) => k % 10 == 0)).ToList();
        foreach (var (mutation, bytes) in cases)
        {
            var path = Path.Combine(TempRoot, "case.hdf5");
            File.WriteAllBytes(path, bytes);
            var (exit, _, err) = CliHarness.Run("inspect", path);
            var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (exit != 0 && (exit != 2 || lines.Length != 1 || !lines[0].StartsWith("error: ", StringComparison.Ordinal)))
                failures.Add($"{mutation}: exit {exit}, stderr: {(err.Length > 300 ? err[..300] : err).ReplaceLineEndings("\\n")}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} failed:\n" + string.Join("\n", failures.Take(25)));
    }
}
