using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Models;
using DissimNet.Reports;
using DissimNet.Training;

namespace DissimNet.Tests.IO;

/// <summary>Every writer on a read-only folder, a full disk, a 300-character name and a path over 4096 characters:
/// one "PATH: cannot write (reason)" error and no file, not even a temporary one, left behind.</summary>
public sealed class OutputFileTests() : TempFolderTests("output-file")
{
    static readonly NdArray Big = new([200, 200], Enumerable.Range(0, 40000).Select(i => Math.Sin(i)).ToArray());

    /// <summary>Each writer, writing enough that a full 64 KB disk cannot hold it.</summary>
    static readonly string[] Writers = ["mat", "npz", "npy", "csv", "png", "safetensors", "checkpoint"];

    static void Write(string kind, string folder)
    {
        switch (kind)
        {
            case "mat": MatWriter.WriteArrays(Path.Combine(folder, "x.mat"), [new("x", Big)]); break;
            case "npz": Npz.Write(Path.Combine(folder, "x.npz"), [new("x", Big)]); break;
            case "npy": Npy.Write(Path.Combine(folder, "x.npy"), Big); break;
            case "csv": CsvMatrix.Write(Path.Combine(folder, "x.csv"), Big); break;
            case "png": new RdmHeatmapPlot(Symmetric(60)).SavePng(Path.Combine(folder, "x.png")); break;
            case "safetensors":
                using (var net = new AlexNet()) StateDictFile.SaveSafetensors(net, Path.Combine(folder, "x.safetensors"));
                break;
            case "checkpoint":
                using (var net = new AlexNet()) new RunFolder(folder).SaveBest(net);
                break;
        }
    }

    static double[,] Symmetric(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m[i, j] = Math.Abs(Math.Sin(i * j)) * (i == j ? 0 : 1);
        return m;
    }

    [TmpfsFact]
    public void EveryWriterOnAReadOnlyFolderSaysCannotWriteAndLeavesNothing()
    {
        using var disk = TmpfsMount.Create("64k", readOnly: true);
        foreach (var kind in Writers)
        {
            var e = Assert.Throws<DissimNetException>(() => Write(kind, kind == "checkpoint" ? Path.Combine(disk.Folder, "run") : disk.Folder));
            Assert.Matches($"^{disk.Folder}/.*: cannot write \\(Read-only file system\\)$", e.Message);
        }
        Assert.Empty(disk.Entries());
    }

    [TmpfsFact]
    public void EveryWriterOnAFullDiskSaysSoAndLeavesNoPartialOrTemporaryFile()
    {
        using var disk = TmpfsMount.Create("64k");
        disk.Fill();
        foreach (var kind in Writers)
        {
            var e = Assert.Throws<DissimNetException>(() => Write(kind, disk.Folder));
            Assert.EndsWith(": cannot write (No space left on device)", e.Message);
        }
        Assert.DoesNotContain(Directory.EnumerateFiles(disk.Folder, "*", SearchOption.AllDirectories), f => Path.GetFileName(f) != "filler");
    }

    [TmpfsFact]
    public void TheCheckBeforeTheWorkFindsAFullDisk()
    {
        using var disk = TmpfsMount.Create("64k");
        disk.Fill();
        var e = Assert.Throws<DissimNetException>(() => OutputFile.CheckWritable(Path.Combine(disk.Folder, "sub", "x.npz")));
        Assert.Equal($"{Path.Combine(disk.Folder, "sub", "x.npz")}: cannot write (No space left on device)", e.Message);
        Assert.Empty(disk.Entries());
    }

    [Fact]
    public void ANameOrPathTooLongIsOneLineNamingIt()
    {
        Directory.CreateDirectory(TempRoot);
        var longName = Path.Combine(TempRoot, new string('a', 300) + ".npy");
        var e = Assert.Throws<DissimNetException>(() => Npy.Write(longName, Big));
        Assert.Equal($"{longName}: cannot write (File name too long)", e.Message);
        Assert.Throws<DissimNetException>(() => OutputFile.CheckWritable(longName));

        var deep = Path.Combine(TempRoot, string.Join('/', Enumerable.Repeat("d", 2100)), "x.mat");
        e = Assert.Throws<DissimNetException>(() => OutputFile.CheckWritable(deep));
        Assert.EndsWith(": cannot write (File name too long)", e.Message);
        e = Assert.Throws<DissimNetException>(() => MatWriter.WriteArrays(deep, [new("x", Big)]));
        Assert.EndsWith(": cannot write (File name too long)", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(TempRoot));
    }

    [Fact]
    public void AFailedWriteRemovesItsTemporaryAndKeepsTheOldFile()
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "x.json");
        OutputFile.WriteText(path, "old");
        Assert.Throws<InvalidOperationException>(() => OutputFile.Write(path, temp =>
        {
            File.WriteAllText(temp, "half");
            throw new InvalidOperationException("stopped half way");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(TempRoot));
    }

    [Fact]
    public void WritersOfTheSameFileAtOnceNeverShareATemporaryFile()
    {
        // crossval's fold jobs write the same plan at the same moment; a shared temporary name made one of them fail.
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "plan.json");
        Assert.NotEqual(OutputFile.TemporaryPath(path), OutputFile.TemporaryPath(path));
        using var start = new Barrier(8);
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var writers = Enumerable.Range(0, 8).Select(w => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (int k = 0; k < 50; k++) OutputFile.Write(path, temp => File.WriteAllText(temp, "same plan"));
            }
            catch (Exception e) { errors.Add(e); }
        })).ToList();
        writers.ForEach(t => t.Start());
        writers.ForEach(t => t.Join());
        Assert.Empty(errors);
        Assert.Equal("same plan", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(TempRoot));
    }
}
