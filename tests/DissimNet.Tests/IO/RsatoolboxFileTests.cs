using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Rdms;

namespace DissimNet.Tests.IO;

/// <summary>rsatoolbox's HDF5 RDM files: the fixture written by rsatoolbox reads as the MAT file's RDMs, and what DissimNet writes reads back and is laid out as rsatoolbox lays it out.</summary>
public class RsatoolboxFileTests
{
    static readonly string Fixture = TestPaths.Fixture("hIT_rdms_rsatoolbox.hdf5");
    static readonly string BrainRdms = TestPaths.Data("92imageData/92_brainRDMs.mat");

    static string TempPath(string extension) => Path.Combine(Path.GetTempPath(), $"dissimnet-test-{Guid.NewGuid():N}{extension}");

    [Fact]
    public void FixtureValuesEqualTheMatFileInTheOrderItsDescriptorsSay()
    {
        var rdms = RsatoolboxFile.Read(Fixture);
        Assert.Equal((8, 4186), (rdms.RdmCount, rdms.PairCount));
        Assert.Equal("1-r (hIT fMRI)", rdms.DissimilarityMeasure);
        Assert.Equal([new KeyValuePair<string, string>("source", "92_brainRDMs.mat")], rdms.Descriptors);
        var subjects = (string[])rdms.RdmDescriptors.Single(c => c.Name == "subject").Values;
        var sessions = (long[])rdms.RdmDescriptors.Single(c => c.Name == "session").Values;

        var mat = DataSpec.LoadArray(BrainRdms + ":RDMs.RDM"); // 8 x 92 x 92 float32, MATLAB element order (subject fastest)
        var names = DataSpec.LoadStrings(BrainRdms + ":RDMs.name");
        Assert.Equal(ElementType.Single, mat.Type);
        var stack = (float[])mat.Data;
        for (int r = 0; r < rdms.RdmCount; r++)
        {
            int subject = int.Parse(subjects[r]["subject".Length..]), element = (int)(sessions[r] - 1) * 4 + subject - 1;
            Assert.EndsWith($"Session: {sessions[r]}", names[element]);
            var vector = SquareForm.ToVector(stack.AsSpan(element * 92 * 92, 92 * 92).ToArray().Select(v => (double)v).ToArray(), 92);
            for (int p = 0; p < rdms.PairCount; p++)
                Assert.Equal(vector[p], (double)(float)rdms.Dissimilarities[r * rdms.PairCount + p]); // rsatoolbox saved float32 values as float64
        }
    }

    [Fact]
    public void WrittenFileReadsBackEqual()
    {
        var original = RsatoolboxFile.Read(Fixture);
        var path = TempPath(".hdf5");
        try
        {
            RsatoolboxFile.Write(path, original);
            var back = RsatoolboxFile.Read(path);
            Assert.Equal(original.Dissimilarities, back.Dissimilarities);
            Assert.Equal(original.DissimilarityMeasure, back.DissimilarityMeasure);
            Assert.Equal(original.Descriptors, back.Descriptors);
            foreach (var (a, b) in original.RdmDescriptors.Concat(original.PatternDescriptors).Zip(back.RdmDescriptors.Concat(back.PatternDescriptors)))
            {
                Assert.Equal(a.Name, b.Name);
                Assert.Equal(a.Values.GetType(), b.Values.GetType());
                Assert.Equal(a.Values.Cast<object>(), b.Values.Cast<object>());
            }
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.*.tmp"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void WrittenFileIsLaidOutAsTheFixture()
    {
        var path = TempPath(".hdf5");
        try
        {
            RsatoolboxFile.Write(path, RsatoolboxFile.Read(Fixture));
            var expected = Hdf5Layout.Of(Fixture);
            var written = Hdf5Layout.Of(path);
            Assert.Equal(expected.Where(e => !e.StartsWith('@')), written.Where(e => !e.StartsWith('@')));
            // Attributes: same names, both text scalars. rsatoolbox writes them variable-length; PureHDF 2.2 gives all strings
            // of a file one width, and descriptors must be fixed-length byte strings for rsatoolbox to decode them.
            Assert.Equal(expected.Where(e => e.StartsWith('@')).Select(Hdf5Layout.AsText), written.Where(e => e.StartsWith('@')).Select(Hdf5Layout.AsText));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LayerRdmsAreWrittenWithTheFixturesGroupsAndTheLayerAsDescriptor()
    {
        var rdm = RsatoolboxFile.Read(Fixture);
        var layers = new[] { "features.0", "classifier.6" }.Select((name, k) =>
            new LayerRdm(name, new Rdm(rdm.Dissimilarities.AsSpan(k * rdm.PairCount, rdm.PairCount).ToArray()), 10)).ToList();
        var path = TempPath(".h5");
        try
        {
            LayerRdmFiles.Save(path, layers, "correlation");
            var back = RsatoolboxFile.Read(path);
            Assert.Equal(["features.0", "classifier.6"], (string[])back.RdmDescriptors.Single(c => c.Name == "layer").Values);
            Assert.Equal("correlation", back.DissimilarityMeasure);
            var layout = Hdf5Layout.Of(path);
            Assert.Contains("dissimilarities dataset FloatingPoint8 [2,4186]", layout);
            Assert.Contains("rdm_descriptors/index dataset FixedPoint8 [2]", layout);
            Assert.Contains("rdm_descriptors/layer dataset String [2]", layout);
            Assert.Contains("pattern_descriptors/index dataset FixedPoint8 [92]", layout);
            Assert.Contains("descriptors group", layout);
            Assert.Equal(RdmFiles.LoadStack(path + "?layer=classifier.6").Vectors, layers[1].Rdm.Vector);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void DataSpecsSelectByDescriptorAndIndex()
    {
        var all = RdmFiles.LoadStack(Fixture);
        Assert.Equal(8, all.Count);
        var subject1 = RdmFiles.LoadStack(Fixture + "?subject=subject1");
        Assert.Equal(2, subject1.Count);
        Assert.Equal(all.Vector(4).ToArray(), subject1.Vector(1).ToArray());
        Assert.Equal(all.Vector(6).ToArray(), RdmFiles.LoadSingle(Fixture + "?subject=subject3&session=2").Vector);
        Assert.Equal(all.Vector(5).ToArray(), RdmFiles.LoadSingle(Fixture + "?session=2[1]").Vector);
        Assert.Equal(all.Vector(3).ToArray(), RdmFiles.LoadSingle(Fixture + "[3]").Vector);
        Assert.Equal(3, RdmFiles.LoadStack(Fixture + "?subject=subject1,subject2&index=0,1,4").Count);
    }

    [Fact]
    public void BadSelectionsAndFilesGiveOneLineNamingTheFile()
    {
        var unknown = Assert.Throws<DissimNetException>(() => RdmFiles.LoadStack(Fixture + "?roi=IT"));
        Assert.Equal($"{Fixture}: no RDM descriptor 'roi' (descriptors: index, session, subject)", unknown.Message);
        var none = Assert.Throws<DissimNetException>(() => RdmFiles.LoadStack(Fixture + "?subject=subject9"));
        Assert.Equal($"{Fixture}: no RDM has subject = subject9 (values: subject1, subject2, subject3, subject4)", none.Message);

        var notHdf5 = TempPath(".hdf5");
        var noRdms = TempPath(".h5");
        try
        {
            File.WriteAllText(notHdf5, "not hdf5");
            var e = Assert.Throws<DissimNetException>(() => RsatoolboxFile.Read(notHdf5));
            Assert.StartsWith($"{notHdf5}: not a readable HDF5 file", e.Message);
            File.Copy(TestPaths.Fixture("target_meg_v73.mat"), noRdms);
            e = Assert.Throws<DissimNetException>(() => RdmFiles.LoadStack(noRdms));
            Assert.StartsWith($"{noRdms}: not an rsatoolbox RDMs file: expected a dataset 'dissimilarities'", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(notHdf5);
            File.Delete(noRdms);
        }
    }

    [Fact]
    public void InventoryListsTheDescriptors()
    {
        var entries = FileInventory.Describe(Fixture);
        Assert.Equal(["dissimilarities", "descriptors.source", "rdm_descriptors.index", "rdm_descriptors.session", "rdm_descriptors.subject",
            "pattern_descriptors.image", "pattern_descriptors.index"], entries.Select(e => e.Spec));
        var subject = entries.Single(e => e.Spec == "rdm_descriptors.subject");
        Assert.Equal(("char", "8"), (subject.Class, subject.Dimensions));
        Assert.Equal("subject1, subject2, subject3, subject4; select: FILE?subject=subject1", subject.Note);
    }
}
