using System.IO.Compression;
using DissimNet.IO;
using DissimNet.Tests.Cli;

namespace DissimNet.Tests.IO;

/// <summary>An .npz whose zip holds two members of one name is refused, naming the member, instead of quietly reading one of them.</summary>
public sealed class NpzDuplicateMemberTests() : TempFolderTests("npz")
{
    /// <summary>An .npz with members rdm.npy (a 4 x 4 RDM of ones), other.npy, and a second rdm.npy (of twos).</summary>
    string ArchiveWithTwoRdms()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "two.npz");
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
            foreach (var (name, value) in new[] { ("rdm", 1.0), ("other", 3.0), ("rdm", 2.0) })
            {
                using var stream = zip.CreateEntry(name + ".npy").Open();
                stream.Write(Npy.Encode(new NdArray([4, 4], Enumerable.Range(0, 16).Select(k => k % 5 == 0 ? 0 : value).ToArray())));
            }
        return path;
    }

    [Fact]
    public void TwoMembersOfOneNameAreRefused()
    {
        var path = ArchiveWithTwoRdms();
        var expected = $"{path}: holds two members named 'rdm.npy'; an .npz must name each array once";
        Assert.Equal(expected, Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path + ":rdm")).Message);
        Assert.Equal(expected, Assert.Throws<DissimNetException>(() => Npz.Read(path)).Message);

        var (exit, stdout, stderr) = CliHarness.Run("inspect", path);
        Assert.Equal(2, exit);
        Assert.Equal($"error: {expected}", stderr.Trim());
    }
}
