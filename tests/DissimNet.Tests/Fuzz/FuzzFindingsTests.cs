using System.Diagnostics;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Onnx;

namespace DissimNet.Tests.Fuzz;

/// <summary>Regression cases for what the fuzz runs found, each asserting the exact refusal: .pth tensors larger than
/// their storage and pickle lengths past the pickle, truncated HDF5 files, ONNX tensors whose dims disagree with their
/// data or share a name, and messages quoting a damaged file's line breaks.</summary>
public class FuzzFindingsTests() : TempFolderTests("fuzz-findings")
{
    string Save(string name, byte[] bytes)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The one-line error of <paramref name="read"/>, which must come fast and without a large allocation.</summary>
    static string Refusal(Action read)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var e = Assert.ThrowsAny<DissimNetException>(read);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, "allocated more than 64 MB");
        Assert.False(e.Message.Any(char.IsControl), e.Message);
        return e.Message;
    }

    static byte[] Int32(int value) => [(byte)'J', .. BitConverter.GetBytes(value)];
    static readonly byte[] Shape = [(byte)'K', 2, (byte)'K', 3, 0x86];

    [Fact]
    public void PthTensorLargerThanItsStorageIsRefusedBeforeAllocating()
    {
        var valid = PthFuzzTests.Valid();
        var (_, huge) = PthFuzzTests.WithPickle(valid, "", Shape, [.. Int32(46340), .. Int32(46340), 0x86]);
        var path = Save("huge.pth", huge);
        Assert.Equal($"{path}: tensor 'w' of shape 46340 x 46340 needs 8.59 GB (8589582400 bytes) but its storage holds 24 bytes (truncated or corrupt file)",
            Refusal(() => StateDictFile.Read(path)));
        var (_, larger) = PthFuzzTests.WithPickle(valid, "", Shape, [(byte)'K', 3, (byte)'K', 3, 0x86]);
        path = Save("larger.pth", larger);
        Assert.Equal($"{path}: tensor 'w' of shape 3 x 3 needs 36 bytes but its storage holds 24 bytes (truncated or corrupt file)",
            Refusal(() => StateDictFile.Read(path)));
        var (_, cut) = PthFuzzTests.WithMember(valid, "", "data/0", b => b[..4]);
        path = Save("cut.pth", cut);
        Assert.Contains("but its storage holds 4 bytes", Refusal(() => StateDictFile.Read(path)));
    }

    [Fact]
    public void PthPickleLengthsPastThePickleAreRefusedBeforeTheUnpicklerSizesABuffer()
    {
        var (_, bytes) = PthFuzzTests.WithPickle(PthFuzzTests.Valid(), "", [0x80, 2], [0x80, 2, (byte)'B', 0xFF, 0xFF, 0xFF, 0x7F]);
        var path = Save("long.pth", bytes);
        Assert.Equal($"{path}: its pickle is truncated or corrupt (opcode 0x42 at byte 2 runs past its end)", Refusal(() => StateDictFile.Read(path)));
        Assert.True(StateDictFile.Read(Save("valid.pth", PthFuzzTests.Valid())).Count == 2);
    }

    [Fact]
    public void TruncatedRsatoolboxFileIsRefusedNotReadWithDescriptorsMissing()
    {
        var valid = RsatoolboxFuzzTests.Seeds()[0].Valid;
        var path = Save("cut.hdf5", valid[..^60]);
        Assert.Equal($"{path}: file is truncated: its HDF5 superblock says it ends at byte {valid.Length}, but it has {valid.Length - 60} bytes; copy or save it again",
            Refusal(() => RsatoolboxFile.Read(path)));
    }

    [Fact]
    public void OnnxTensorsMustHoldWhatTheirDimsDeclareAndNamesMustBeUnique()
    {
        var seeds = OnnxFuzzTests.Seeds()[0].Crafted!;
        byte[] Crafted(string mutation) => seeds.Single(c => c.Mutation == mutation).Bytes;
        using (OnnxGraphModule.Load(Save("valid.onnx", OnnxFuzzTests.Seeds()[0].Valid))) { } // loads libtorch, so the timings below are the reads'
        var path = Save("huge.onnx", Crafted("weight dims 46340 x 46340 over 108 values"));
        Assert.Equal($"{path}: tensor 'w1' declares dims 46340 x 46340 but holds 108 values (corrupt model)", Refusal(() => OnnxGraphModule.Load(path)));
        path = Save("negative.onnx", Crafted("weight dims -4 x 3 x 3 x 3"));
        Assert.Equal($"{path}: tensor 'w1' declares dims -4 x 3 x 3 x 3 but holds 108 values (corrupt model)", Refusal(() => OnnxGraphModule.Load(path)));
        path = Save("twice.onnx", Crafted("two initializers named w1"));
        Assert.Equal($"{path}: holds two initializers named 'w1'; an ONNX graph names each value once", Refusal(() => OnnxGraphModule.Load(path)));
    }

    [Fact]
    public void SafetensorsNameThatIsNotUtf8IsOneLine()
    {
        var bad = SafetensorsFuzzTests.Seeds()[0].Crafted!.Single(c => c.Mutation == "a tensor name that is not UTF-8").Bytes;
        var path = Save("bad.safetensors", bad);
        Assert.Equal($"{path}: header is not valid UTF-8 text (corrupt file or not safetensors)", Refusal(() => StateDictFile.Read(path)));
    }

    [Fact]
    public void CorruptDeflateDataInAMatFileIsOneLine()
    {
        var b = new DissimNet.Tests.IO.MatBytes(bigEndian: false);
        var element = b.Compressed(b.Matrix("x", DissimNet.Tests.IO.MatBytes.Double, [1, 2], false, b.Element(DissimNet.Tests.IO.MatBytes.MiDouble, b.Doubles(1, 2))));
        for (int i = 10; i < 18; i++) element[i] ^= 0x5A; // the deflate stream's first blocks, after the 8-byte tag and the 2-byte zlib header
        var path = Save("bad.mat", b.File(element));
        Assert.StartsWith($"{path}: compressed data is corrupt", Refusal(() => MatReader.Read(path)));
    }

    [Fact]
    public void LineBreaksQuotedFromAFileAreEscaped()
    {
        var npy = Npy.Encode(new NdArray([2], [1.0, 2.0]));
        var path = Save("broken.npy", Mutator.Replace(npy, "'fortran_order'", "'fortran\norder'").Bytes);
        Assert.Contains("'fortran\\x0Aorder'", Refusal(() => Npy.Read(path)));
        Assert.Equal("a\\x0Ab\\x1B[31m", new DissimNetException("a\nb\u001b[31m").Message);
    }
}
