using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>Lower and upper bounds on how well any model can match the subjects' RDMs, in the comparison's units.</summary>
public sealed record NoiseCeilingBounds(double Lower, double Upper);

/// <summary>The noise ceiling of a group of subject RDMs (rsatoolbox's leave-one-subject-out definition).</summary>
public static class NoiseCeiling
{
    /// <summary>lower = mean over subjects of compare(subject, pool of the others); upper = mean over subjects of compare(subject, pool of all).</summary>
    /// <remarks><paramref name="pooling"/> says how RDMs are pooled: <see cref="NoiseCeilingPooling.Matched"/> (rsatoolbox's
    /// boot_noise_ceiling) transforms each to suit the method before averaging; <see cref="NoiseCeilingPooling.Raw"/> averages them as they are.
    /// For a subjects x time stack the bounds are computed at every time point and averaged over time, matching how MEG scores average over time.
    /// Subjects whose RDMs are entirely NaN do not count (see <see cref="SubjectsWithData"/>; callers warn about them).</remarks>
    public static NoiseCeilingBounds Compute(RdmStack subjects, ComparisonMethod method = ComparisonMethod.Spearman, string source = "target",
        NoiseCeilingPooling pooling = NoiseCeilingPooling.Matched)
    {
        subjects = SubjectsWithData.Keep(subjects, source, null, out var empty);
        int s = subjects.SubjectCount;
        if (subjects.LeadingShape.Length == 0 || s < 3)
            throw new DissimNetException($"{source}: a noise ceiling needs RDMs of at least 3 subjects, got {(subjects.LeadingShape.Length == 0 ? 1 : s)}"
                + (empty.Length > 0 ? $" with data ({empty.Length} entirely NaN)" : ""));
        var ws = new ComparisonWorkspace(subjects.PairCount);
        var sums = new BoundSums();
        for (int t = 0; t < subjects.TimeCount; t++)
            Accumulate(SubjectVectors.Of(subjects, Enumerable.Range(0, s).Select(i => i * subjects.TimeCount + t).ToArray()), method, pooling, ws, sums);
        return sums.Bounds();
    }

    /// <summary>The noise ceiling of subjects handed out one at a time (at least 3, none entirely NaN), e.g. read from a file.</summary>
    internal static NoiseCeilingBounds Compute(SubjectVectors subjects, ComparisonMethod method, NoiseCeilingPooling pooling)
    {
        var sums = new BoundSums();
        Accumulate(subjects, method, pooling, new ComparisonWorkspace(subjects.PairCount), sums);
        return sums.Bounds();
    }

    /// <summary>Running sums of the defined lower and upper values, over subjects and time points.</summary>
    sealed class BoundSums
    {
        public double LowerSum, UpperSum;
        public int LowerCount, UpperCount;

        public NoiseCeilingBounds Bounds()
            => new(LowerCount == 0 ? double.NaN : LowerSum / LowerCount, UpperCount == 0 ? double.NaN : UpperSum / UpperCount);
    }

    /// <summary>Adds every subject's lower and upper values at one time point.</summary>
    static void Accumulate(SubjectVectors subjects, ComparisonMethod method, NoiseCeilingPooling pooling, ComparisonWorkspace ws, BoundSums sums)
    {
        int s = subjects.Count;
        var pooled = pooling == NoiseCeilingPooling.Matched ? new PooledTransforms(subjects, method) : null;
        double[] Pool(IEnumerable<int> members) => pooled is null
            ? RdmAveraging.NanMean(subjects, members) // raw: single-precision stacks average as numpy does
            : pooled.Mean(members);
        var all = new RankedVector(Pool(Enumerable.Range(0, s)));
        var scratch = subjects.Copies ? new double[subjects.PairCount] : null;
        for (int i = 0; i < s; i++)
        {
            LargeVectorGarbage.Release(subjects.PairCount);
            var subject = new RankedVector(subjects.Get(i, scratch));
            var others = new RankedVector(Pool(Enumerable.Range(0, s).Where(k => k != i)));
            double lower = WeightedComparison.Compare(subject, others, null, method, ws);
            double upper = WeightedComparison.Compare(subject, all, null, method, ws);
            if (!double.IsNaN(lower)) { sums.LowerSum += lower; sums.LowerCount++; }
            if (!double.IsNaN(upper)) { sums.UpperSum += upper; sums.UpperCount++; }
        }
    }
}
