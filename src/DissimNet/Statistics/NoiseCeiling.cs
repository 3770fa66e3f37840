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
    internal sealed class BoundSums
    {
        public double LowerSum, UpperSum;
        public int LowerCount, UpperCount;

        /// <summary>Adds one subject's values, each only when defined.</summary>
        public void Add(double lower, double upper)
        {
            if (!double.IsNaN(lower)) { LowerSum += lower; LowerCount++; }
            if (!double.IsNaN(upper)) { UpperSum += upper; UpperCount++; }
        }

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
        LargeVectorGarbage.Release(subjects.PairCount);
        var allPool = Pool(Enumerable.Range(0, s));
        // Without NaN, a dot-product method compares forms made over the pools' and subjects' own arrays (the same arithmetic
        // as RankedVector's), so that each side is one vector rather than its values beside its transform.
        bool forms = UnitForm.Applies(method) && !allPool.AsSpan().Contains(double.NaN);
        var all = forms ? null : new RankedVector(allPool);
        var allForm = forms ? UnitForm.InPlace(allPool, method) : null;
        var scratch = subjects.Copies ? new double[subjects.PairCount] : null;
        for (int i = 0; i < s; i++)
        {
            LargeVectorGarbage.Release(subjects.PairCount);
            var (lower, upper) = CompareWithPools(i);
            sums.Add(lower, upper);
        }

        // One subject against the pool of the others and of all; its own frame, so that nothing it allocates (the pool of the
        // others above all) outlives it while the next subject's pool is built.
        (double Lower, double Upper) CompareWithPools(int i)
        {
            var values = subjects.Get(i, scratch);
            var othersPool = Pool(Enumerable.Range(0, s).Where(k => k != i));
            if (forms && !values.Span.Contains(double.NaN))
            {
                // A pool with NaN (every other subject constant) takes the general comparison, before the subject's values are replaced.
                double lower = othersPool.AsSpan().Contains(double.NaN)
                    ? WeightedComparison.Compare(new RankedVector(values), new RankedVector(othersPool), null, method, ws) : double.NaN;
                var subjectForm = UnitForm.InPlace(scratch ?? values.ToArray(), method);
                if (!othersPool.AsSpan().Contains(double.NaN)) lower = UnitForm.Compare(subjectForm, UnitForm.InPlace(othersPool, method));
                return (lower, UnitForm.Compare(subjectForm, allForm!));
            }
            var subject = new RankedVector(values);
            return (WeightedComparison.Compare(subject, new RankedVector(othersPool), null, method, ws),
                WeightedComparison.Compare(subject, all ?? new RankedVector(Pool(Enumerable.Range(0, s))), null, method, ws));
        }
    }
}
