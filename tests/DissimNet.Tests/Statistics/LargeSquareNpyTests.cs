using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Statistics;

namespace DissimNet.Tests.Statistics;

/// <summary>Square .npy targets read one matrix at a time (<see cref="RdmVectors.OpenSquareNpy"/>) give the numbers of the stack
/// loaded whole, for every method and pooling, with ties and missing pairs; matrices the loader would warn about or refuse
/// are left to it.</summary>
public class LargeSquareNpyTests() : TempFolderTests("square-npy")
{
    const int N = 23;

    /// <summary>4 subjects' square RDMs sharing a structure, rounded so that ties occur; a condensed float32 model.</summary>
    (string Model, float[] Square, double[] Condensed) Data(int seed, bool missing)
    {
        Directory.CreateDirectory(TempRoot);
        int p = SquareForm.PairCount(N);
        var (model, subjects) = OneAtATimeScoreTests.TiedData(seed, N, missing);
        var condensed = subjects.Select(v => (double)v).ToArray();
        var square = new float[4 * N * N];
        for (int s = 0; s < 4; s++)
            for (int i = 0, k = 0; i < N; i++)
                for (int j = i + 1; j < N; j++, k++)
                    square[s * N * N + i * N + j] = square[s * N * N + j * N + i] = (float)condensed[s * p + k];
        string modelPath = Path.Combine(TempRoot, $"model{seed}.npy");
        Npy.Write(modelPath, new NdArray([p], model, ElementType.Single));
        return (modelPath, square, condensed);
    }

    string Write(string name, int[] shape, Array data, ElementType type)
    {
        string path = Path.Combine(TempRoot, name);
        Npy.Write(path, new NdArray(shape, data, type));
        return path;
    }

    [Theory]
    [MemberData(nameof(OneAtATimeScoreTests.Cases), MemberType = typeof(OneAtATimeScoreTests))]
    public void EqualsTheStackLoadedWhole(ComparisonMethod method, NoiseCeilingPooling pooling, bool missing)
    {
        var (model, square, _) = Data(3 + (int)method, missing);
        var target = Write($"square{(int)method}.npy", [4, N, N], square, ElementType.Single);
        Assert.NotNull(RdmVectors.OpenSquareNpy(target, target));
        var options = new ScoreOptions { Method = method, NoiseCeilingPooling = pooling };
        var streamed = LargeRdmFiles.TryScore(model, null, target, options);
        var general = ModelEvaluation.Score(RdmFiles.LoadSingle(model), RdmFiles.LoadStack(target), options);
        Assert.NotNull(streamed);
        var ceiling = LargeRdmFiles.TryNoiseCeiling(target, method, pooling)!.Value;
        var generalCeiling = NoiseCeiling.Compute(RdmFiles.LoadStack(target), method, "target", pooling);
        Assert.Equal(4, ceiling.Subjects);
        if (method == ComparisonMethod.Spearman && pooling == NoiseCeilingPooling.Matched && !missing)
        {
            // The integer-rank path: equal to rounding.
            for (int s = 0; s < 4; s++) Assert.Equal(general.PerSubject[s], streamed.PerSubject[s], 12);
            Assert.Equal(general.NoiseCeiling!.Lower, streamed.NoiseCeiling!.Lower, 12);
            Assert.Equal(general.NoiseCeiling.Upper, streamed.NoiseCeiling.Upper, 12);
            Assert.Equal(generalCeiling.Lower, ceiling.Bounds.Lower, 12);
            return;
        }
        Assert.Equal(general.PerSubject, streamed.PerSubject);
        Assert.Equal(general.PerSubjectUndefined, streamed.PerSubjectUndefined);
        Assert.Equal(general.R2Test, streamed.R2Test);
        Assert.Equal(general.NoiseCeiling, streamed.NoiseCeiling);
        Assert.Equal(generalCeiling, ceiling.Bounds);
    }

    [Fact]
    public void ReadsTheUpperTriangleInAnyPieces()
    {
        var (_, square, condensed) = Data(1, missing: true);
        var doubles = square.Select(v => (double)v).ToArray();
        foreach (var (name, data, type) in new[] { ("f4.npy", (Array)square, ElementType.Single), ("f8.npy", doubles, ElementType.Double) })
        {
            using var vectors = RdmVectors.OpenSquareNpy(Write(name, [1, 1, 4, N, N], data, type), name)!;
            Assert.Equal(4, vectors.Count);
            Assert.Equal(type == ElementType.Single, vectors.SinglePrecision);
            int p = vectors.PairCount;
            // Pieces that start and end inside rows and run across matrices.
            var read = new double[4 * p];
            foreach (var size in new[] { 1, 7, 22, 100, p })
                for (int start = 0; start < 4 * p; start += size)
                {
                    int take = Math.Min(size, 4 * p - start);
                    vectors.Read(start / p, start % p, read.AsSpan(start, take));
                }
            Assert.Equal(condensed, read);
        }
        using var one = RdmVectors.OpenSquareNpy(Write("f4.npy", [4, N, N], square, ElementType.Single), "f4.npy", index: 2)!;
        var vector = new double[one.PairCount];
        one.Read(0, 0, vector);
        Assert.Equal(condensed.AsSpan(2 * one.PairCount, one.PairCount).ToArray(), vector);
    }

    [Fact]
    public void OneMatrixScoresAsOneRdm()
    {
        var (model, square, _) = Data(2, missing: false);
        var target = Write("one.npy", [N, N], square[..(N * N)], ElementType.Single);
        var options = new ScoreOptions { Method = ComparisonMethod.Pearson };
        var streamed = LargeRdmFiles.TryScore(model, null, target, options)!;
        var general = ModelEvaluation.Score(RdmFiles.LoadSingle(model), RdmFiles.LoadStack(target), options);
        Assert.Equal(general.PerSubject, streamed.PerSubject);
        Assert.Null(streamed.R2Test);
        Assert.Null(streamed.NoiseCeiling);
    }

    [Fact]
    public void MatricesTheLoaderWarnsAboutOrRefusesAreLeftToIt()
    {
        var (model, square, _) = Data(4, missing: false);
        var options = new ScoreOptions { Method = ComparisonMethod.Pearson };
        var diagonal = (float[])square.Clone();
        diagonal[N * N + 3 * N + 3] = 0.25f;
        var asymmetric = (float[])square.Clone();
        asymmetric[2 * N * N + 1 * N + 5] += 0.5f;
        var infinite = (float[])square.Clone();
        infinite[3 * N * N + 2 * N + 7] = infinite[3 * N * N + 7 * N + 2] = float.PositiveInfinity;
        foreach (var (name, data) in new[] { ("diagonal.npy", diagonal), ("asymmetric.npy", asymmetric), ("infinite.npy", infinite) })
        {
            var target = Write(name, [4, N, N], data, ElementType.Single);
            Assert.Null(RdmVectors.OpenSquareNpy(target, target));
            Assert.Null(LargeRdmFiles.TryScore(model, null, target, options));
        }
        // Subjects x time matrices are for the stack path too.
        Assert.Null(RdmVectors.OpenSquareNpy(Write("time.npy", [2, 2, N, N], square, ElementType.Single), "time.npy"));
    }
}
