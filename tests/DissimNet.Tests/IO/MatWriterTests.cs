using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>The MAT v5 writer: byte-identical to scipy for an uncompressed double array, and read back exactly by the reader.</summary>
public class MatWriterTests
{
    private static string TempMat() => Path.Combine(Path.GetTempPath(), $"dissimnet-test-{Guid.NewGuid():N}.mat");

    [Fact]
    public void UncompressedDoubleArrayMatchesScipysBytes()
    {
        // submit_model_v5.mat was written by scipy.io.savemat without compression.
        var scipyPath = TestPaths.Fixture("submit_model_v5.mat");
        var rdm = DataSpec.LoadArray(scipyPath + ":EVC_RDMs");
        var path = TempMat();
        MatWriter.WriteArrays(path, [new("EVC_RDMs", rdm)], compress: false);

        var ours = File.ReadAllBytes(path)[128..];
        var scipy = File.ReadAllBytes(scipyPath)[128..];
        Assert.Equal(scipy[..ours.Length], ours);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AlgonautsSubmissionRoundTrips(bool compress)
    {
        var random = new Random(7);
        var evc = new NdArray([15, 92, 92], Enumerable.Range(0, 15 * 92 * 92).Select(_ => random.NextDouble()).ToArray());
        var it = new NdArray([92, 92], Enumerable.Range(0, 92 * 92).Select(_ => random.NextDouble()).ToArray());
        var path = TempMat();
        MatWriter.WriteArrays(path, [new("EVC_RDMs", evc), new("IT_RDMs", it)], compress);

        Assert.Equal(evc.Data, DataSpec.LoadArray(path + ":EVC_RDMs").Data);
        var back = DataSpec.LoadArray(path + ":IT_RDMs");
        Assert.Equal([92, 92], back.Shape);
        Assert.Equal(it.Data, back.Data);
    }

    [Fact]
    public void EveryNumericClassAndCharRoundTrips()
    {
        Array[] samples =
        [
            new double[] { 1.5, -2, double.NaN, 4, 5, 6 }, new float[] { 1.5f, -2, 3, 4, 5, 6 },
            new sbyte[] { -128, 127, 0, 1, 2, 3 }, new byte[] { 0, 255, 1, 2, 3, 4 },
            new short[] { short.MinValue, short.MaxValue, 0, 1, 2, 3 }, new ushort[] { 0, ushort.MaxValue, 1, 2, 3, 4 },
            new int[] { int.MinValue, int.MaxValue, 0, 1, 2, 3 }, new uint[] { 0, uint.MaxValue, 1, 2, 3, 4 },
            new long[] { long.MinValue, long.MaxValue, 0, 1, 2, 3 }, new ulong[] { 0, ulong.MaxValue, 1, 2, 3, 4 },
            new bool[] { true, false, true, true, false, false },
        ];
        var variables = samples.Select((data, i) => new KeyValuePair<string, MatValue>($"v{i}", new MatNumeric(new NdArray([2, 3], data, ElementTypes.Of(data))))).ToList();
        variables.Add(new("label", MatChar.FromString("hIT | BE")));
        var path = TempMat();
        MatWriter.Write(path, variables);

        var file = MatReader.Read(path);
        for (int i = 0; i < samples.Length; i++)
        {
            var array = ((MatNumeric)file[$"v{i}"]).Array;
            Assert.Equal([2, 3], array.Shape);
            Assert.Equal(ElementTypes.Of(samples[i]), array.Type);
            Assert.Equal(samples[i], array.Data);
        }
        Assert.Equal("hIT | BE", ((MatChar)file["label"]).Text);
    }

    [Fact]
    public void InvalidVariableNameIsRejected()
    {
        var error = Assert.Throws<DissimNetException>(() => MatWriter.WriteArrays(TempMat(), [new("1bad name", new NdArray([1], [1.0]))]));
        Assert.Contains("'1bad name' is not a valid MATLAB variable name", error.Message);
    }
}
