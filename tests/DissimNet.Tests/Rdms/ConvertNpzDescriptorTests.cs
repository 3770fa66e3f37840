using DissimNet.IO;
using DissimNet.Tests.Cli;

namespace DissimNet.Tests.Rdms;

/// <summary>convert-rdms to .npz writes numeric RDM descriptors only; its result line lists exactly those, and a note
/// names the text descriptors it left out.</summary>
public class ConvertNpzDescriptorTests() : TempFolderTests("convert-npz")
{
    [Fact]
    public void TheMessageListsWhatTheFileHoldsAndNamesWhatWasLeftOut()
    {
        Directory.CreateDirectory(TempRoot);
        var output = Path.Combine(TempRoot, "hIT.npz");
        var (exit, stdout, stderr) = CliHarness.Run("convert-rdms", "--from", TestPaths.Fixture("hIT_rdms_rsatoolbox.hdf5"), "--out", output);
        Assert.Equal(0, exit);
        var members = Npz.Read(output).Select(m => m.Key).ToList();
        Assert.DoesNotContain("rdm_subject", members);
        var listed = stdout.Trim()[(stdout.IndexOf("(RDM descriptors: ") + "(RDM descriptors: ".Length)..^1].Split(", ");
        Assert.Equal(members.Where(m => m.StartsWith("rdm_")).Select(m => m["rdm_".Length..]).Order(), listed.Order());
        Assert.Contains($"{output}: RDM descriptor subject not written: .npz holds numeric descriptors only", stderr);
    }
}
