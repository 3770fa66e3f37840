using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>The rule for subjects without data: a subject whose RDM is NaN at every pair (at every time point, for MEG)
/// is left out of model scores and noise ceilings alike, so that both count the same subjects.</summary>
/// <remarks>Such a subject would otherwise turn the mean score into NaN while the noise ceiling silently skipped it.</remarks>
internal static class SubjectsWithData
{
    /// <summary>Indices (0-based) of the subjects whose RDMs are entirely NaN.</summary>
    public static int[] Empty(RdmStack target)
    {
        int per = target.TimeCount * target.PairCount;
        return Enumerable.Range(0, target.SubjectCount)
            .Where(s => target.Vectors.AsSpan(s * per, per).IndexOfAnyExcept(double.NaN) < 0)
            .ToArray();
    }

    /// <summary>The target without its empty subjects (the same object when there are none); each one left out is named
    /// in a note to <paramref name="progress"/>. Fails when no subject has data.</summary>
    public static RdmStack Keep(RdmStack target, string source, IProgressSink? progress, out int[] excluded)
    {
        excluded = Empty(target);
        if (excluded.Length == 0) return target;
        int subjects = target.SubjectCount;
        if (excluded.Length == subjects)
            throw new DissimNetException(subjects == 1
                ? $"{source}: the RDM is entirely NaN"
                : $"{source}: the RDMs of all {subjects} subjects are entirely NaN");
        foreach (var s in excluded)
            progress?.Note($"{source}: the RDM of subject {s + 1} of {subjects} (index {s}) is entirely NaN; it is left out of the scores and the noise ceiling");
        return target.SelectSubjects(Enumerable.Range(0, subjects).Except(excluded).ToArray());
    }
}
