using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Training;

/// <summary>Turns per-subject RDMs (subjects x n x n, or subjects x time x n x n) into training and validation targets.</summary>
/// <remarks>
/// Z-scoring uses the mean and population standard deviation of the n(n-1)/2 upper-triangle pairs of each
/// subject's RDM (scipy.stats.zscore's default), so every subject weighs the same in the average. The MEG
/// mapping (x + 2) / 5 takes the bulk of z-scores (about -2..3) into 0..1, the range of a correlation distance
/// between non-negative features.
/// </remarks>
internal static class TargetPreparation
{
    /// <summary>The averaged target as a symmetric row-major n x n matrix with a zero diagonal.</summary>
    /// <param name="rdms">subjects x n x n, or subjects x time x n x n.</param>
    /// <param name="transform">How each RDM is rescaled before averaging.</param>
    /// <param name="source">Names the file and variable in error messages, e.g. "target_meg.mat: MEG_RDMs_late".</param>
    public static double[] Prepare(NdArray rdms, TargetTransform transform, string source)
    {
        var mean = Average(PerSubject(rdms, transform, source)).Vector;
        if (transform == TargetTransform.ZScoreMeg)
            for (int k = 0; k < mean.Length; k++) mean[k] = (mean[k] + 2) / 5;
        return SquareForm.ToSquare(mean);
    }

    /// <summary>The mean of prepared per-subject RDMs, every subject weighing the same (no NaN handling: prepared RDMs are finite).</summary>
    public static Rdm Average(RdmStack perSubject)
    {
        var mean = new double[perSubject.PairCount];
        for (int s = 0; s < perSubject.Count; s++)
        {
            var subject = perSubject.Vector(s);
            for (int k = 0; k < mean.Length; k++) mean[k] += subject[k] / perSubject.Count;
        }
        return new Rdm(mean, name: "mean target");
    }

    /// <summary>One RDM per subject: each transformed (z-scored or not) and averaged over time points.</summary>
    /// <remarks>Used for validation targets, which are scored subject by subject. The MEG mapping is left out:
    /// a rank correlation does not see it.</remarks>
    public static RdmStack PerSubject(NdArray rdms, TargetTransform transform, string source)
    {
        int n = ConditionCount(rdms, source);
        int subjects = rdms.Shape[0];
        int timePoints = rdms.Rank == 4 ? rdms.Shape[1] : 1;
        if (subjects < 1 || timePoints < 1 || n < 3)
            throw new DissimNetException($"{source}: expected subjects x n x n or subjects x time x n x n with n >= 3, got {rdms.ShapeText}");
        var values = rdms.ToDoubleArray();
        int pairs = SquareForm.PairCount(n);
        var result = new double[subjects * pairs];
        var rdm = new double[n * n];
        for (int s = 0; s < subjects; s++)
        {
            var average = result.AsSpan(s * pairs, pairs);
            for (int t = 0; t < timePoints; t++)
            {
                Array.Copy(values, ((long)s * timePoints + t) * n * n, rdm, 0, n * n);
                string where = rdms.Rank == 4 ? $"subject {s + 1}, time point {t + 1}" : $"subject {s + 1}";
                CheckFinite(rdm, n, source, where);
                if (transform != TargetTransform.None) ZScoreUpperTriangle(rdm, n, source, where);
                // Only the upper triangle counts: it is the part RDM files are defined by.
                for (int i = 0, k = 0; i < n; i++)
                    for (int j = i + 1; j < n; j++) average[k++] += rdm[i * n + j] / timePoints;
            }
        }
        return new RdmStack(n, [subjects], result);
    }

    /// <summary>Number of conditions n of an RDM stack, checking that the last two dimensions are equal.</summary>
    public static int ConditionCount(NdArray rdms, string source = "RDMs")
    {
        if (rdms.Rank is not (3 or 4) || rdms.Shape[^1] != rdms.Shape[^2])
            throw new DissimNetException($"{source}: expected subjects x n x n or subjects x time x n x n, got {rdms.ShapeText}");
        return rdms.Shape[^1];
    }

    /// <summary>Z-scores the upper triangle of a row-major n x n matrix in place (population standard deviation).</summary>
    public static void ZScoreUpperTriangle(double[] rdm, int n, string source, string where)
    {
        double sum = 0, sumSquares = 0;
        int pairs = n * (n - 1) / 2;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) sum += rdm[i * n + j];
        double mean = sum / pairs;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) sumSquares += (rdm[i * n + j] - mean) * (rdm[i * n + j] - mean);
        double sd = Math.Sqrt(sumSquares / pairs);
        if (!(sd > 0))
            throw new SettingException($"{source}: the RDM of {where} is constant, so it cannot be z-scored (use the target transform none)", "Transform");
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) rdm[i * n + j] = (rdm[i * n + j] - mean) / sd;
    }

    static void CheckFinite(double[] rdm, int n, string source, string where)
    {
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (!double.IsFinite(rdm[i * n + j]))
                    throw new DissimNetException($"{source}: the RDM of {where} has a non-finite value at ({i + 1}, {j + 1}); training needs every pair");
    }
}
