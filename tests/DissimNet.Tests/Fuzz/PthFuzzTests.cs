using System.IO.Compression;
using DissimNet.Networks;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes the PyTorch (.pth) state dict reader: the zip, its pickle, and tensors declared bigger than their storage.</summary>
[Collection("Fuzz")]
public sealed class PthFuzzTests
{
    /// <summary>A state dict of a 2 x 3 float32 and a 3-element int64 tensor, as PyBridge's pickler writes it (torch.save's zip layout).</summary>
    internal static byte[] Valid()
    {
        using var scope = NewDisposeScope();
        var dict = new Dictionary<string, Tensor>
        {
            ["w"] = arange(6, dtype: ScalarType.Float32).reshape(2, 3),
            ["b"] = tensor(new long[] { 7, 8, 9 }),
        };
        using var stream = new MemoryStream();
        PyTorchPickler.PickleStateDict(stream, dict, leaveOpen: true);
        return stream.ToArray();
    }

    /// <summary>The file with its pickle's bytes <paramref name="find"/> replaced by <paramref name="replace"/> (the zip rebuilt around it).</summary>
    internal static (string, byte[]) WithPickle(byte[] valid, string mutation, byte[] find, byte[] replace) =>
        (mutation, Rezip(valid, (name, bytes) => name.EndsWith("data.pkl") ? Replace(bytes, find, replace) : bytes));

    /// <summary>The file with one member's bytes replaced by <paramref name="data"/>.</summary>
    internal static (string, byte[]) WithMember(byte[] valid, string mutation, string suffix, Func<byte[], byte[]> data) =>
        (mutation, Rezip(valid, (name, bytes) => name.EndsWith(suffix) ? data(bytes) : bytes));

    static byte[] Replace(byte[] bytes, byte[] find, byte[] replace)
    {
        int at = bytes.AsSpan().IndexOf(find);
        if (at < 0) throw new ArgumentException("pattern not in the pickle; the fuzz corpus is out of date");
        return [.. bytes[..at], .. replace, .. bytes[(at + find.Length)..]];
    }

    static byte[] Rezip(byte[] zipBytes, Func<string, byte[], byte[]> change)
    {
        using var input = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in input.Entries)
            {
                using var source = entry.Open();
                using var copy = new MemoryStream();
                source.CopyTo(copy);
                using var target = zip.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
                target.Write(change(entry.FullName, copy.ToArray()));
            }
        return output.ToArray();
    }

    static byte[] Int32(int value) => [(byte)'J', .. BitConverter.GetBytes(value)];

    internal static IReadOnlyList<FuzzSeed> Seeds()
    {
        var valid = Valid();
        byte[] shape = [(byte)'K', 2, (byte)'K', 3, 0x86];
        return
        [
            new("state-dict", valid, Crafted:
            [
                WithPickle(valid, "shape 46340 x 46340 over a 24-byte storage", shape, [.. Int32(46340), .. Int32(46340), 0x86]),
                WithPickle(valid, "shape 3 x 3 over a 6-element storage", shape, [(byte)'K', 3, (byte)'K', 3, 0x86]),
                WithPickle(valid, "shape -1 x 3", shape, [.. Int32(-1), (byte)'K', 3, 0x86]),
                WithPickle(valid, "shape 0 x 3", shape, [(byte)'K', 0, (byte)'K', 3, 0x86]),
                WithPickle(valid, "strides 3000 x 1", [(byte)'K', 3, (byte)'K', 1, 0x86], [.. Int32(3000), (byte)'K', 1, 0x86]),
                WithPickle(valid, "a string opcode declaring 2 GB", [(byte)'X', 1, 0, 0, 0], [(byte)'X', 0xFF, 0xFF, 0xFF, 0x7F]),
                WithPickle(valid, "a bytes opcode declaring 2 GB", [0x80, 2], [0x80, 2, (byte)'B', 0xFF, 0xFF, 0xFF, 0x7F]),
                WithPickle(valid, "duplicate names", [(byte)'X', 1, 0, 0, 0, (byte)'b'], [(byte)'X', 1, 0, 0, 0, (byte)'w']),
                WithMember(valid, "storage member emptied", "data/0", _ => []),
                WithMember(valid, "storage member cut to 4 bytes", "data/0", b => b[..4]),
                WithMember(valid, "pickle emptied", "data.pkl", _ => []),
                ("a zip without data.pkl", NpzFuzzTests.Zip(CompressionLevel.NoCompression, ("archive/data/0", new byte[24]))),
            ]),
        ];
    }

    [Fact]
    public void ReadNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("pth", ".pth", Seeds(), path => SafetensorsFuzzTests.Fingerprint(StateDictFile.Read(path)), randomCases: 250);
}
