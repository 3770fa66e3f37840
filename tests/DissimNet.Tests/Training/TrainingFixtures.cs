using DissimNet.Rdms;
using DissimNet.IO;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>Small synthetic image sets whose subjects' RDMs share a structure, plus a plain Spearman scorer.</summary>
static class TrainingFixtures
{
    /// <summary>N x 8 x 8 x 3 images with values 0..255 from a seeded generator.</summary>
    public static Tensor Images(int count, int seed, int size = 8)
    {
        var rng = new Random(seed);
        var values = new float[count * size * size * 3];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 255);
        return tensor(values).reshape(count, size, size, 3);
    }

    /// <summary>subjects x n x n RDMs: a shared random structure plus independent noise per subject.</summary>
    public static NdArray SubjectRdms(int subjects, int n, int seed, double noise = 0.3)
    {
        var rng = new Random(seed);
        var shared = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) shared[i * n + j] = shared[j * n + i] = rng.NextDouble();
        var data = new double[subjects * n * n];
        for (int s = 0; s < subjects; s++)
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++)
                {
                    double v = shared[i * n + j] + noise * (rng.NextDouble() - 0.5);
                    data[(s * n + i) * n + j] = data[(s * n + j) * n + i] = v;
                }
        return new NdArray([subjects, n, n], data);
    }

    /// <summary>Two training sets (10 and 12 images) with a separate 6-image validation set of 4 subjects.</summary>
    public static TrainingData TwoSets(TargetTransform transform = TargetTransform.ZScore) => TrainingData.WithValidation(
        [new ImageSetWithRdms("a", Images(10, 1), SubjectRdms(4, 10, 2), "a.mat: RDMs"), new ImageSetWithRdms("b", Images(12, 3), SubjectRdms(4, 12, 4), "b.mat: RDMs")],
        new ImageSetWithRdms("val", Images(6, 5), SubjectRdms(4, 6, 6), "val.mat: RDMs"), transform);
}

/// <summary>Mean Spearman r over subjects with leave-one-out (lower) and all-subjects (upper) noise ceilings; a test stand-in for the RSA code.</summary>
sealed class PlainSpearmanScorer : IRdmScorer
{
    public string Method => "mean Spearman over subjects (test scorer)";

    public double Score(Rdm predicted, RdmStack subjects) => Vectors(subjects).Average(s => Spearman(predicted.Vector, s));

    public (double Lower, double Upper)? NoiseCeiling(RdmStack stack)
    {
        if (stack.Count < 3) return null;
        var subjects = Vectors(stack);
        double[] Mean(IEnumerable<double[]> vs) { var list = vs.ToList(); return Enumerable.Range(0, list[0].Length).Select(k => list.Average(v => v[k])).ToArray(); }
        var all = Mean(subjects);
        double upper = subjects.Average(s => Spearman(s, all));
        double lower = subjects.Select((s, i) => Spearman(s, Mean(subjects.Where((_, j) => j != i)))).Average();
        return (lower, upper);
    }

    static double[][] Vectors(RdmStack stack) => Enumerable.Range(0, stack.Count).Select(s => stack.Vector(s).ToArray()).ToArray();

    static double Spearman(double[] a, double[] b) => Pearson(Ranks(a), Ranks(b));

    static double[] Ranks(double[] v)
    {
        var order = Enumerable.Range(0, v.Length).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
            for (int k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }
        return ranks;
    }

    public static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return sab / Math.Sqrt(saa * sbb);
    }
}
