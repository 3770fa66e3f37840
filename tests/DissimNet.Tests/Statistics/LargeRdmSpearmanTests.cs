using System.Text.Json;
using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Statistics;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Statistics;

/// <summary>The one-RDM-at-a-time Spearman path against rsatoolbox's numbers and against the general path it stands in for.</summary>
public class LargeRdmSpearmanTests() : TempFolderTests("large-spearman")
{
    static readonly JsonElement Rsatoolbox = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("rsatoolbox_reference.json"))).RootElement;

    /// <summary>Subjects sharing a structure, values rounded to <paramref name="decimals"/> so that ties occur.</summary>
    internal static RdmStack Subjects(int seed, int subjects, int n, int decimals, bool single = false)
    {
        var random = new Random(seed);
        int p = SquareForm.PairCount(n);
        var truth = Enumerable.Range(0, p).Select(_ => random.NextDouble()).ToArray();
        var data = new double[subjects * p];
        for (int k = 0; k < data.Length; k++)
        {
            double v = Math.Round(truth[k % p] + random.NextDouble(), decimals);
            data[k] = single ? (float)v : v;
        }
        return new RdmStack(n, [subjects], data, singlePrecision: single);
    }

    [Theory]
    [InlineData("sessions8")]
    [InlineData("subjavg4")]
    public void MatchesRsatoolboxOnThe92Images(string target)
    {
        var model = RdmFiles.LoadStack(Supplemental("RDMs_mIT_hIT_fig1.RDM"))[0];
        var sessions = RdmFiles.LoadStack(BrainRdms);
        var stack = sessions;
        if (target == "subjavg4")
        {
            var averaged = new double[4 * sessions.PairCount];
            for (int s = 0; s < 4; s++) sessions.Select([s, s + 4]).Mean().Vector.CopyTo(averaged, s * sessions.PairCount);
            stack = new RdmStack(92, [4], averaged);
        }
        var scores = LargeRdmSpearman.Score(RdmVectors.FromStack(model.ToStack(), "model"), RdmVectors.FromStack(stack), noiseCeiling: true)!;
        var expected = Rsatoolbox.GetProperty(target);
        var per = expected.GetProperty("compare").GetProperty("spearman").GetProperty("per").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int k = 0; k < per.Length; k++) Close(per[k], scores.PerSubject[k]);
        var ceiling = expected.GetProperty("noise_ceiling").GetProperty("spearman").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Close(ceiling[0], scores.NoiseCeiling!.Lower);
        Close(ceiling[1], scores.NoiseCeiling.Upper);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    [InlineData(6, true)]
    public void EqualsTheGeneralPathWithTies(int decimals, bool single)
    {
        var all = Subjects(decimals, 6, 40, decimals, single);
        var model = all[0];
        var subjects = all.Select([1, 2, 3, 4, 5]);
        var general = ModelEvaluation.Score(model, subjects);
        var large = LargeRdmSpearman.Score(RdmVectors.FromStack(all.Select([0]), "model"), RdmVectors.FromStack(subjects), noiseCeiling: true)!;
        for (int k = 0; k < 5; k++) Close(general.PerSubject[k], large.PerSubject[k], 1e-12);
        Close(general.NoiseCeiling!.Lower, large.NoiseCeiling!.Lower, 1e-12);
        Close(general.NoiseCeiling.Upper, large.NoiseCeiling.Upper, 1e-12);
        var alone = LargeRdmSpearman.NoiseCeiling(RdmVectors.FromStack(subjects))!;
        Assert.Equal(large.NoiseCeiling, alone);
    }

    [Fact]
    public void ConstantSubjectGivesNaNWithTheGeneralPathsReason()
    {
        var all = Subjects(3, 3, 10, 2);
        Array.Fill(all.Vectors, 0.5, 2 * all.PairCount, all.PairCount);
        var large = LargeRdmSpearman.Score(RdmVectors.FromStack(all.Select([0]), "model"), RdmVectors.FromStack(all.Select([1, 2])), false)!;
        var general = ModelEvaluation.Score(all[0], all.Select([1, 2]));
        Assert.False(double.IsNaN(large.PerSubject[0]));
        Assert.True(double.IsNaN(large.PerSubject[1]));
        Assert.Equal(general.PerSubjectUndefined, large.Undefined);
    }

    [Fact]
    public void MissingPairsLeaveItToTheGeneralPath()
    {
        var all = Subjects(4, 4, 10, 3);
        all.Vectors[all.PairCount + 7] = double.NaN;
        Assert.Null(LargeRdmSpearman.Score(RdmVectors.FromStack(all.Select([0]), "model"), RdmVectors.FromStack(all.Select([1, 2, 3])), true));
    }

    [Fact]
    public void NpyFilesScoreAsWhenLoadedWhole()
    {
        Directory.CreateDirectory(TempRoot);
        var all = Subjects(5, 5, 30, 2, single: true);
        string models = Path.Combine(TempRoot, "models.npy"), target = Path.Combine(TempRoot, "target.npy");
        Npy.Write(models, new NdArray([2, all.PairCount], all.Vectors.AsSpan(0, 2 * all.PairCount).ToArray().Select(v => (float)v).ToArray(), ElementType.Single));
        Npy.Write(target, new NdArray([3, all.PairCount], all.Vectors.AsSpan(2 * all.PairCount).ToArray().Select(v => (float)v).ToArray(), ElementType.Single));
        var options = new ScoreOptions();
        var large = LargeRdmFiles.TryScore(models, 1, target, options)!;
        var general = ModelEvaluation.Score(RdmFiles.LoadSingle(models, 1), RdmFiles.LoadStack(target), options);
        Assert.Equal(general.PerSubject.Length, large.PerSubject.Length);
        for (int k = 0; k < 3; k++) Close(general.PerSubject[k], large.PerSubject[k], 1e-12);
        Close(general.MeanR2, large.MeanR2, 1e-12);
        Close(general.R2Test!.PValue, large.R2Test!.PValue, 1e-9);
        Close(general.NoiseCeiling!.Lower, large.NoiseCeiling!.Lower, 1e-12);
        Close(general.NoiseCeiling.Upper, large.NoiseCeiling.Upper, 1e-12);
        // A bootstrap over conditions reads the files one RDM at a time too (Spearman, Pearson, cosine), with the same draws and numbers.
        foreach (var method in new[] { ComparisonMethod.Spearman, ComparisonMethod.Pearson, ComparisonMethod.Cosine })
        {
            var resampled = options with { Method = method, BootstrapResamples = 30, Seed = 9 };
            var generalBootstrap = ModelEvaluation.Score(RdmFiles.LoadSingle(models, 1), RdmFiles.LoadStack(target), resampled);
            Assert.Equal(generalBootstrap.BootstrapOverConditions, LargeRdmFiles.TryScore(models, 1, target, resampled)!.BootstrapOverConditions);
        }
        Assert.Null(LargeRdmFiles.TryScore(models, 1, target, options with { Method = ComparisonMethod.KendallTauB, BootstrapResamples = 30 }));
        var ceiling = LargeRdmFiles.TryNoiseCeiling(target, ComparisonMethod.Spearman, NoiseCeilingPooling.Matched)!.Value;
        Assert.Equal(3, ceiling.Subjects);
        Close(general.NoiseCeiling.Lower, ceiling.Bounds.Lower, 1e-12);
    }

    /// <summary>A model and <paramref name="subjects"/> subject RDMs of independent uniform float32 values.</summary>
    internal static (RdmVectors Model, RdmVectors Subjects) IndependentFloatRdms(int n, int subjects)
    {
        int p = SquareForm.PairCount(n);
        var random = new Random(6);
        var data = new double[(subjects + 1) * p];
        for (int i = 0; i < data.Length; i++) data[i] = (float)random.NextDouble();
        var all = new RdmStack(n, [subjects + 1], data, singlePrecision: true);
        return (RdmVectors.FromStack(all.Select([0]), "model"), RdmVectors.FromStack(all.Select([.. Enumerable.Range(1, subjects)])));
    }

    [Fact]
    public void MemoryGrowsWithOneRdmNotWithCopies()
    {
        // 2000 conditions (2 M pairs) against 3 subjects: the general path allocates tens of bytes per pair and RDM;
        // this one a sort buffer (8 bytes per pair), one rank vector (4) and nothing per subject.
        const int n = 2000;
        int p = SquareForm.PairCount(n);
        var (model, subjects) = IndependentFloatRdms(n, 3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var scores = LargeRdmSpearman.Score(model, subjects, noiseCeiling: false)!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, 13L * p);
        Assert.All(scores.PerSubject, r => Assert.InRange(r, -0.01, 0.01)); // independent random RDMs
    }
}
