using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Tests.Rdms;

/// <summary>The block-wise, condensed float32 RDM against the direct double-precision computation.</summary>
public class BlockFeatureRdmTests() : TempFolderTests("block-rdm")
{
    static float[] Features(int n, int d, int seed)
    {
        var random = new Random(seed);
        var features = new float[n * d];
        for (int i = 0; i < features.Length; i++) features[i] = (float)(random.NextDouble() * 3 - 1);
        return features;
    }

    [Theory]
    [InlineData(DistanceMetric.Correlation, 1_000_000)]
    [InlineData(DistanceMetric.Correlation, 7)]   // many blocks, some of one row
    [InlineData(DistanceMetric.Cosine, 50)]
    [InlineData(DistanceMetric.Euclidean, 100)]
    [InlineData(DistanceMetric.SquaredEuclidean, 30)]
    public void EqualsTheDirectComputationRoundedToFloat(DistanceMetric metric, int blockPairs)
    {
        const int n = 37, d = 23;
        var features = Features(n, d, 1);
        features.AsSpan(5 * d, d).Fill(2f); // a constant row: NaN correlations, as FeatureRdm gives
        var direct = FeatureRdm.Compute(Array.ConvertAll(features, v => (double)v), n, d, metric);
        var blocks = new List<float>();
        int calls = 0;
        BlockFeatureRdm.Compute(features, n, d, metric, values => { blocks.AddRange(values.ToArray()); calls++; }, null, blockPairs);
        Assert.Equal(direct.PairCount, blocks.Count);
        for (int k = 0; k < blocks.Count; k++)
            Assert.Equal((float)direct.Vector[k], blocks[k]);
        if (blockPairs < 100) Assert.True(calls > 5, $"{calls} blocks");
    }

    [Fact]
    public void CondensedNpyReadsBackAsTheSameRdm()
    {
        Directory.CreateDirectory(TempRoot);
        const int n = 20, d = 9;
        var features = Features(n, d, 2);
        string path = Path.Combine(TempRoot, "rdm.npy");
        NpyFloatWriter.Write(path, [SquareForm.PairCount(n)], write => BlockFeatureRdm.Compute(features, n, d, DistanceMetric.Correlation, write, null, 16));
        var read = RdmFiles.LoadSingle(path);
        var direct = FeatureRdm.Compute(Array.ConvertAll(features, v => (double)v), n, d);
        Assert.Equal(n, read.ConditionCount);
        for (int k = 0; k < read.PairCount; k++) Assert.Equal((float)direct.Vector[k], read.Vector[k]);
        using var vectors = RdmVectors.OpenNpy(path, path)!;
        Assert.True(vectors.SinglePrecision);
        var some = new double[5];
        vectors.Read(0, 10, some);
        Assert.Equal(read.Vector.AsSpan(10, 5).ToArray(), some);
    }
}
