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
        double lowerSum = 0, upperSum = 0;
        int lowerCount = 0, upperCount = 0;
        for (int t = 0; t < subjects.TimeCount; t++)
        {
            var indices = Enumerable.Range(0, s).Select(i => i * subjects.TimeCount + t).ToArray();
            var pooled = pooling == NoiseCeilingPooling.Matched ? new PooledTransforms(subjects, indices, method) : null;
            double[] Pool(IEnumerable<int> members) => pooled is null
                ? RdmAveraging.NanMean(subjects, members.Select(m => indices[m])) // raw: single-precision stacks average as numpy does
                : pooled.Mean(members);
            var all = new RankedVector(Pool(Enumerable.Range(0, s)));
            for (int i = 0; i < s; i++)
            {
                var subject = new RankedVector(subjects.Memory(indices[i]));
                var others = new RankedVector(Pool(Enumerable.Range(0, s).Where(k => k != i)));
                double lower = WeightedComparison.Compare(subject, others, null, method, ws);
                double upper = WeightedComparison.Compare(subject, all, null, method, ws);
                if (!double.IsNaN(lower)) { lowerSum += lower; lowerCount++; }
                if (!double.IsNaN(upper)) { upperSum += upper; upperCount++; }
            }
        }
        return new NoiseCeilingBounds(lowerCount == 0 ? double.NaN : lowerSum / lowerCount, upperCount == 0 ? double.NaN : upperSum / upperCount);
    }
}
