using System.Diagnostics;
using DissimNet.IO;
using PureHDF;

namespace DissimNet.Tests.IO;

/// <summary>Files of a few KB that declare gigabytes where the per-array check alone let them through: a struct array
/// without fields (nothing per element), an rsatoolbox descriptor of 200 million values never written, and a MAT v7.3
/// cell whose references all name one large dataset. Each is read or refused without allocating what it declares.</summary>
public class DeclaredSizeBombTests() : TempFolderTests("declared-bombs")
{
    string Save(string name, byte[] bytes) => AllocationBound.Save(TempRoot, name, bytes);

    static T Bounded<T>(Func<T> action) => AllocationBound.Run(action, TimeSpan.FromSeconds(5));

    [Fact]
    public void AStructArrayWithoutFieldsTakesNoMemoryPerElement()
    {
        var mat = new MatBytes(bigEndian: false);
        // 25 million elements: under the limit's 64 bytes an element, but 2 GB as one dictionary each.
        var bytes = mat.File(mat.Matrix("s", MatBytes.Struct, [5000, 5000], false,
            mat.Element(MatBytes.MiInt32, mat.I32(32), small: true), mat.Element(MatBytes.MiInt8, [])));
        var path = Save("fieldless.mat", bytes);
        var entry = Assert.Single(Bounded(() => FileInventory.Describe(path)));
        Assert.Equal(("s", "5000x5000"), (entry.Spec, entry.Dimensions));
        var value = Assert.IsType<MatStruct>(Bounded(() => MatReader.Read(path))["s"]);
        Assert.Equal(25_000_000, value.Elements.Count);
        Assert.Empty(value.Elements[24_999_999]);
    }

    [Fact]
    public void ADescriptorOfTheWrongDeclaredLengthIsRefusedBeforeReading()
    {
        var huge = new H5Dataset<long[]>(fileDims: [200_000_000], chunks: [200_000_000]);
        var file = new H5File
        {
            ["dissimilarities"] = new double[,] { { 0.1, 0.2, 0.3 }, { 0.4, 0.5, 0.6 } },
            ["pattern_descriptors"] = new H5Group { ["index"] = huge },
        };
        using var stream = new MemoryStream();
        file.BeginWrite(stream).Dispose();
        var path = Save("descriptor.hdf5", stream.ToArray());
        var e = Bounded(() => Assert.Throws<DissimNetException>(() => RsatoolboxFile.Read(path)));
        Assert.Equal($"{path}: pattern_descriptors/index has 200000000 values for 3 patterns", e.Message);
    }

    [Fact]
    public void ACellOfReferencesToOneLargeDatasetIsRefusedBeforeReadingAnElement()
    {
        // tests/fixtures-src/make_hdf5_links.py: three references to one 1 GB dataset that is never written.
        var path = TestPaths.Fixture(Path.Combine("hdf5-links", "cell_of_references_v73.mat"));
        var e = Bounded(() => Assert.Throws<DissimNetException>(() => MatReader.Read(path)));
        Assert.StartsWith($"{path}: variable 'C': ", e.Message);
        Assert.Contains("declares", e.Message);
    }
}
