using System.Diagnostics;
using DissimNet.IO;
using DissimNet.Tests.Cli;

namespace DissimNet.Tests.IO;

/// <summary>The shared write (temporary file + rename) never replaces what is not a regular file: a FIFO, a folder or a
/// symbolic link at the output path is refused in one line and left as it was; links on the way inside a containing folder too.</summary>
public sealed class NonRegularOutputTests() : TempFolderTests("non-regular-output")
{
    string MakeFifo(string name)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, name);
        var info = new ProcessStartInfo("mkfifo") { UseShellExecute = false };
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(FileKind.Fifo, FileKinds.Of(path));
        return path;
    }

    string[] Leftovers() => Directory.GetFiles(TempRoot, "*.tmp", SearchOption.AllDirectories);

    [Fact]
    public void FileKindsTellFilesFoldersLinksAndFifosApart()
    {
        var fifo = MakeFifo("pipe");
        var file = Path.Combine(TempRoot, "file");
        File.WriteAllText(file, "x");
        var link = File.CreateSymbolicLink(Path.Combine(TempRoot, "link"), file).FullName;
        var dangling = File.CreateSymbolicLink(Path.Combine(TempRoot, "dangling"), Path.Combine(TempRoot, "nothing")).FullName;
        Assert.Equal(
            [FileKind.Fifo, FileKind.Regular, FileKind.SymbolicLink, FileKind.SymbolicLink, FileKind.Directory, FileKind.Missing],
            [FileKinds.Of(fifo), FileKinds.Of(file), FileKinds.Of(link), FileKinds.Of(dangling), FileKinds.Of(TempRoot), FileKinds.Of(Path.Combine(TempRoot, "none"))]);
        if (File.Exists("/dev/null")) Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null")); // only read, never written
    }

    [Fact]
    public void AFifoAtTheOutputPathIsRefusedAndStaysAFifo()
    {
        var fifo = MakeFifo("out.txt");
        var e = Assert.Throws<DissimNetException>(() => OutputFile.WriteText(fifo, new string('x', 100_000)));
        Assert.Equal($"{fifo}: cannot write (it is a FIFO (named pipe), not a regular file)", e.Message);
        Assert.Equal(FileKind.Fifo, FileKinds.Of(fifo));
        Assert.Empty(Leftovers());
        // Checked before any work too.
        Assert.Equal(e.Message, Assert.Throws<DissimNetException>(() => OutputFile.CheckWritable(fifo)).Message);
    }

    [Fact]
    public void ASymbolicLinkAtTheOutputPathIsNeitherFollowedNorReplaced()
    {
        Directory.CreateDirectory(TempRoot);
        var target = Path.Combine(TempRoot, "elsewhere.txt");
        File.WriteAllText(target, "precious");
        var link = File.CreateSymbolicLink(Path.Combine(TempRoot, "out.txt"), target).FullName;
        var e = Assert.Throws<DissimNetException>(() => OutputFile.WriteText(link, "new"));
        Assert.StartsWith($"{link}: cannot write (it is a symbolic link, not a regular file", e.Message);
        Assert.Equal("precious", File.ReadAllText(target));
        Assert.Equal(FileKind.SymbolicLink, FileKinds.Of(link));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void AFolderAtTheOutputPathIsRefusedAndARegularFileIsReplaced()
    {
        var folder = Path.Combine(TempRoot, "out.txt");
        Directory.CreateDirectory(folder);
        Assert.Equal($"{folder}: cannot write (it is a folder, not a regular file)",
            Assert.Throws<DissimNetException>(() => OutputFile.WriteText(folder, "x")).Message);
        var file = Path.Combine(TempRoot, "file.txt");
        File.WriteAllText(file, "old");
        OutputFile.WriteText(file, "new");
        Assert.Equal("new", File.ReadAllText(file));
    }

    [Fact]
    public void InsideAFolderALinkOnTheWayIsRefusedAndNothingIsWrittenThroughIt()
    {
        var root = Path.Combine(TempRoot, "sweep");
        var (link, outside) = LinkToOutside(Path.Combine(root, "cells"));
        var path = Path.Combine(root, "cells", "a", "status.json");
        var e = Assert.Throws<DissimNetException>(() => OutputFile.WriteText(path, "{}", within: root));
        Assert.Equal($"{link}: cannot write (it is a symbolic link, not a folder)", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Throws<DissimNetException>(() => OutputFile.CheckWithin(root, path));
        Assert.Throws<DissimNetException>(() => OutputFile.OpenAppend(Path.Combine(root, "cells", "log"), root));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        // The same path without the link is written, its folders created.
        Directory.Delete(link);
        OutputFile.WriteText(path, "{}", within: root);
        Assert.Equal("{}", File.ReadAllText(path));
        Assert.Equal(FileKind.Directory, FileKinds.Of(Path.Combine(root, "cells")));
    }

    [Fact]
    public void ConvertRdmsToAFifoOrALinkIsOneLineAndExitCode2()
    {
        var from = Path.Combine(TempRoot, "rdm.npy");
        Directory.CreateDirectory(TempRoot);
        Npy.Write(from, new NdArray([4, 4], [0, 1, 2, 3, 1, 0, 4, 5, 2, 4, 0, 6, 3, 5, 6, 0]));
        var fifo = MakeFifo("out.npz");
        var (exit, _, err) = CliHarness.Run("convert-rdms", "--from", from, "--out", fifo);
        Assert.Equal((2, $"error: {fifo}: cannot write (it is a FIFO (named pipe), not a regular file)"), (exit, err.Trim()));
        Assert.Equal(FileKind.Fifo, FileKinds.Of(fifo));

        var target = Path.Combine(TempRoot, "target.npz");
        File.WriteAllText(target, "keep");
        var link = File.CreateSymbolicLink(Path.Combine(TempRoot, "link.npz"), target).FullName;
        (exit, _, err) = CliHarness.Run("convert-rdms", "--from", from, "--out", link);
        Assert.Equal(2, exit);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("symbolic link", err);
        Assert.Equal("keep", File.ReadAllText(target));
    }
}
