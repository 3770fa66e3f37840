using DissimNet.IO;
using DissimNet.Workflows;

namespace DissimNet.Tests.Workflows;

public sealed class NinetyTwoImageDataTests
{
    [Fact]
    public void SessionsOfOneSubjectAreAveragedWhateverTheirOrder()
    {
        // Four 3 x 3 RDMs, sessions interleaved differently for the two subjects; every element of RDM k equals k.
        var values = Enumerable.Range(0, 4).SelectMany(k => Enumerable.Repeat((double)k, 9)).ToArray();
        var sessions = new NdArray([4, 3, 3], values);
        string[] names = ["hIT | BE | Session: 1", "hIT | KO | Session: 1", "hIT | KO | Session: 2", "hIT | BE | Session: 2"];
        var (subjects, rdms) = NinetyTwoImageData.AverageSessions(sessions, names, "test");
        Assert.Equal(["BE", "KO"], subjects);
        Assert.Equal([2, 3, 3], rdms.Shape);
        Assert.All(rdms.ToDoubleArray()[..9], v => Assert.Equal((0 + 3) / 2.0, v));
        Assert.All(rdms.ToDoubleArray()[9..], v => Assert.Equal((1 + 2) / 2.0, v));
        Assert.Throws<DissimNetException>(() => NinetyTwoImageData.AverageSessions(sessions, ["a", "b", "c", "d"], "test"));
    }

    [Fact]
    public void TheEmbeddedDataHaveFourSubjectsOfTwoSessions()
    {
        var data = NinetyTwoImageData.Load(NinetyTwoImageData.Locate(TestPaths.RepoRoot));
        Assert.Equal(["BE", "KO", "SN", "TI"], data.Subjects);
        Assert.Equal([4, 92, 92], data.SubjectRdms.Shape);
        Assert.Equal(92, data.Categories.Count);
        // Subject BE's RDM is the mean of RDMs 0 and 4 of the struct array (subject index varies fastest).
        var sessions = new DataSpec(Path.Combine(data.Folder, NinetyTwoImageData.BrainRdmFile), "RDMs.RDM").LoadArray().ToDoubleArray();
        int k = 5 * 92 + 17;
        Assert.Equal((sessions[k] + sessions[4 * 92 * 92 + k]) / 2, data.SubjectRdms.ToDoubleArray()[k], 6);
    }

    [Fact]
    public void AMissingDataFolderIsAClearError()
    {
        var error = Assert.Throws<DissimNetException>(() => NinetyTwoImageData.Load(Path.Combine(Path.GetTempPath(), "no-such-92-folder")));
        Assert.Contains("no-such-92-folder", error.Message);
    }
}
