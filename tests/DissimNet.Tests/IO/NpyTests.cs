using System.IO.Compression;
using System.Text;
using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>NumPy .npy and .npz files: hand-built per the format specification, and round trips of every dtype.</summary>
public class NpyTests
{
    private static string Temp(string extension) => Path.Combine(Path.GetTempPath(), $"dissimnet-test-{Guid.NewGuid():N}{extension}");

    /// <summary>A .npy file as numpy writes it: magic, version, header length, padded dict header, raw data.</summary>
    private static byte[] NpyBytes(string dictionary, byte[] data, int major = 1)
    {
        int prefix = major == 1 ? 10 : 12;
        string header = dictionary.PadRight(63 - (prefix + dictionary.Length) % 64 + dictionary.Length) + "\n";
        var lengthBytes = major == 1 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes((uint)header.Length);
        return [0x93, .. "NUMPY"u8, (byte)major, 0, .. lengthBytes, .. Encoding.ASCII.GetBytes(header), .. data];
    }

    [Fact]
    public void FortranOrderBigEndianArrayIsReadInNumpyIndexOrder()
    {
        // a = np.arange(6, dtype='>i4').reshape(2, 3, order='F'): memory holds 0..5 column-major, so a[i, j] = i + 2j.
        var data = Enumerable.Range(0, 6).SelectMany(v => BitConverter.GetBytes(v).Reverse()).ToArray();
        var path = Temp(".npy");
        File.WriteAllBytes(path, NpyBytes("{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3), }", data, major: 2));
        var a = DataSpec.LoadArray(path);
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal(ElementType.Int32, a.Type);
        Assert.Equal(new[] { 0, 2, 4, 1, 3, 5 }, a.Data);
    }

    [Fact]
    public void BoolAndOneDimensionalShapesAreRead()
    {
        var path = Temp(".npy");
        File.WriteAllBytes(path, NpyBytes("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", [1, 0, 1]));
        var a = Npy.Read(path);
        Assert.Equal([3], a.Shape);
        Assert.Equal(new[] { true, false, true }, a.Data);
    }

    [Fact]
    public void EveryDtypeRoundTripsThroughNpyAndNpz()
    {
        Array[] samples =
        [
            new double[] { 1.5, -2, 3, 4, 5, 6 }, new float[] { 1.5f, -2, 3, 4, 5, 6 },
            new sbyte[] { -128, 127, 0, 1, 2, 3 }, new byte[] { 0, 255, 1, 2, 3, 4 },
            new short[] { short.MinValue, short.MaxValue, 0, 1, 2, 3 }, new ushort[] { 0, ushort.MaxValue, 1, 2, 3, 4 },
            new int[] { int.MinValue, int.MaxValue, 0, 1, 2, 3 }, new uint[] { 0, uint.MaxValue, 1, 2, 3, 4 },
            new long[] { long.MinValue, long.MaxValue, 0, 1, 2, 3 }, new ulong[] { 0, ulong.MaxValue, 1, 2, 3, 4 },
            new bool[] { true, false, true, true, false, false },
        ];
        var arrays = samples.Select((d, i) => new KeyValuePair<string, NdArray>($"a{i}", new NdArray([3, 2], d, ElementTypes.Of(d)))).ToList();
        foreach (var (_, array) in arrays)
        {
            var path = Temp(".npy");
            Npy.Write(path, array);
            Assert.Equal(0, (File.ReadAllBytes(path).Length - array.Count * ElementTypes.Size(array.Type)) % 64); // data 64-byte aligned like numpy
            var back = DataSpec.LoadArray(path);
            Assert.Equal(array.Shape, back.Shape);
            Assert.Equal(array.Data, back.Data);
        }
        foreach (bool compress in new[] { false, true })
        {
            var path = Temp(".npz");
            Npz.Write(path, arrays, compress);
            using (var zip = ZipFile.OpenRead(path))
                Assert.Equal(compress ? 11 : 0, zip.Entries.Count(e => e.CompressedLength < e.Length));
            for (int i = 0; i < samples.Length; i++)
                Assert.Equal(samples[i], DataSpec.LoadArray($"{path}:a{i}").Data);
        }
    }

    [Fact]
    public void UnknownDtypeIsNamedInTheError()
    {
        var path = Temp(".npy");
        File.WriteAllBytes(path, NpyBytes("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16]));
        var error = Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path));
        Assert.Equal($"{path}: unsupported NumPy dtype '<c16' (supported: float32, float64, int8..int64, uint8..uint64, bool)", error.Message);
    }

    [Fact]
    public void TruncatedNpyDataIsReported()
    {
        var path = Temp(".npy");
        File.WriteAllBytes(path, NpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4, 4), }", new byte[100]));
        var error = Assert.Throws<DissimNetException>(() => Npy.Read(path));
        Assert.StartsWith($"{path}: file is truncated", error.Message);
    }

    [Fact]
    public void MissingNpzArrayListsTheArrays()
    {
        var path = Temp(".npz");
        Npz.Write(path, [new("rdm", new NdArray([1], [1.0])), new("names", new NdArray([1], [2.0]))]);
        var error = Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path + ":rdms"));
        Assert.Equal($"{path}: array 'rdms' not found (arrays: rdm, names)", error.Message);
        var ambiguous = Assert.Throws<DissimNetException>(() => DataSpec.LoadArray(path));
        Assert.Contains("name one as", ambiguous.Message);
    }
}
