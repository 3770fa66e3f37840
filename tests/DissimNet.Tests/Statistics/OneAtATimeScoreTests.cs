using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Statistics;

namespace DissimNet.Tests.Statistics;

/// <summary>Scores and noise ceilings of condensed .npy files read one subject at a time equal the general path's exactly,
/// for every method and pooling, with ties and missing pairs.</summary>
public class OneAtATimeScoreTests() : TempFolderTests("one-at-a-time")
{
    /// <summary>A model and 4 subjects sharing a structure, rounded so that ties occur, written as float32 .npy files.</summary>
    /// <summary>A float32 model and 4 subjects' condensed RDMs sharing a structure, rounded to 2 decimals so that ties occur;
    /// with <paramref name="missing"/> two subjects' pairs are NaN.</summary>
    internal static (float[] Model, float[] Subjects) TiedData(int seed, int n, bool missing)
    {
        int p = SquareForm.PairCount(n);
        var random = new Random(seed);
        var truth = Enumerable.Range(0, p).Select(_ => random.NextDouble()).ToArray();
        var model = truth.Select(t => (float)Math.Round(t + 0.5 * random.NextDouble(), 2)).ToArray();
        var subjects = new float[4 * p];
        for (int k = 0; k < subjects.Length; k++) subjects[k] = (float)Math.Round(truth[k % p] + random.NextDouble(), 2);
        if (missing)
        {
            subjects[p + 5] = float.NaN;
            subjects[3 * p + 17] = float.NaN;
        }
        return (model, subjects);
    }

    (string Model, string Target) Write(int seed, bool missing)
    {
        Directory.CreateDirectory(TempRoot);
        const int n = 24;
        int p = SquareForm.PairCount(n);
        var (model, subjects) = TiedData(seed, n, missing);
        if (missing) model[40] = float.NaN;
        string modelPath = Path.Combine(TempRoot, $"model{seed}.npy"), targetPath = Path.Combine(TempRoot, $"target{seed}.npy");
        Npy.Write(modelPath, new NdArray([p], model, ElementType.Single));
        Npy.Write(targetPath, new NdArray([4, p], subjects, ElementType.Single));
        return (modelPath, targetPath);
    }

    public static TheoryData<ComparisonMethod, NoiseCeilingPooling, bool> Cases()
    {
        var cases = new TheoryData<ComparisonMethod, NoiseCeilingPooling, bool>();
        foreach (var method in Enum.GetValues<ComparisonMethod>())
            foreach (var pooling in Enum.GetValues<NoiseCeilingPooling>())
                foreach (var missing in new[] { false, true })
                    if (!(missing && method.IsCovWeighted())) cases.Add(method, pooling, missing);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EqualsTheGeneralPathExactly(ComparisonMethod method, NoiseCeilingPooling pooling, bool missing)
    {
        var (model, target) = Write(7 + (int)method, missing);
        var options = new ScoreOptions { Method = method, NoiseCeilingPooling = pooling };
        var streamed = LargeRdmFiles.TryScore(model, null, target, options);
        var general = ModelEvaluation.Score(RdmFiles.LoadSingle(model), RdmFiles.LoadStack(target), options);
        Assert.NotNull(streamed);
        if (method == ComparisonMethod.Spearman && pooling == NoiseCeilingPooling.Matched && !missing) return; // integer-rank path: to rounding, tested elsewhere
        Assert.Equal(general.PerSubject, streamed.PerSubject);
        Assert.Equal(general.PerSubjectUndefined, streamed.PerSubjectUndefined);
        Assert.Equal(general.MeanR2, streamed.MeanR2);
        Assert.Equal(general.NoiseCeiling, streamed.NoiseCeiling);
        var ceiling = LargeRdmFiles.TryNoiseCeiling(target, method, pooling)!.Value;
        Assert.Equal(NoiseCeiling.Compute(RdmFiles.LoadStack(target), method, "target", pooling), ceiling.Bounds);
        Assert.Equal(4, ceiling.Subjects);
    }

    [Fact]
    public void EmptySubjectsAndBootstrapsLeaveItToTheGeneralPath()
    {
        var (model, target) = Write(3, missing: false);
        var options = new ScoreOptions { Method = ComparisonMethod.Pearson };
        Assert.Null(LargeRdmFiles.TryScore(model, null, target, options with { Method = ComparisonMethod.RhoA, BootstrapResamples = 10 }));
        var stack = RdmFiles.LoadStack(target);
        var values = stack.Vectors.Select(v => (float)v).ToArray();
        Array.Fill(values, float.NaN, stack.PairCount, stack.PairCount);
        Npy.Write(target, new NdArray([4, stack.PairCount], values, ElementType.Single));
        Assert.Null(LargeRdmFiles.TryScore(model, null, target, options));
        Assert.Null(LargeRdmFiles.TryNoiseCeiling(target, ComparisonMethod.Pearson, NoiseCeilingPooling.Raw));
    }
}
