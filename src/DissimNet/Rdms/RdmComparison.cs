namespace DissimNet.Rdms;

/// <summary>Compares RDMs: pairs that are NaN in either RDM are left out, as rsatoolbox does.</summary>
public static class RdmComparison
{
    /// <summary>Compares two upper-triangle vectors of equal length.</summary>
    public static double Compare(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ComparisonMethod method = ComparisonMethod.Spearman)
    {
        if (a.Length != b.Length) throw new DissimNetException($"RDM vectors differ in length ({a.Length} and {b.Length} pairs): they must describe the same conditions");
        return WeightedComparison.Compare(new RankedVector(a), new RankedVector(b), null, method, new ComparisonWorkspace(a.Length));
    }

    /// <summary>Compares two RDMs over the same conditions.</summary>
    public static double Compare(Rdm a, Rdm b, ComparisonMethod method = ComparisonMethod.Spearman)
    {
        if (a.ConditionCount != b.ConditionCount)
            throw new DissimNetException($"{a.Name ?? "first RDM"} has {a.ConditionCount} conditions but {b.Name ?? "second RDM"} has {b.ConditionCount}");
        return Compare(a.Vector, b.Vector, method);
    }

    /// <summary>The model compared with every RDM of the stack (flat over subjects and time points); the model is ranked once.</summary>
    /// <remarks>Targets are ranked one at a time and dropped after their comparison, so that memory holds the model's
    /// transforms and one target's, not every target's.</remarks>
    public static double[] CompareToEach(Rdm model, RdmStack targets, ComparisonMethod method = ComparisonMethod.Spearman)
    {
        targets.RequireSameConditions(model);
        var results = new double[targets.Count];
        var rankedModel = new RankedVector(model.Vector);
        var ws = new ComparisonWorkspace(model.PairCount);
        for (int k = 0; k < targets.Count; k++)
        {
            LargeVectorGarbage.Release(model.PairCount);
            WeightedComparison.CompareToEach(rankedModel, [new RankedVector(targets.Memory(k))], null, method, ws, results.AsSpan(k, 1));
        }
        return results;
    }

    /// <summary>One value per subject: the comparison with the subject's RDM, averaged over time points for MEG-shaped stacks.</summary>
    public static double[] PerSubject(Rdm model, RdmStack targets, ComparisonMethod method = ComparisonMethod.Spearman)
        => AverageOverTime(CompareToEach(model, targets, method), targets.SubjectCount, targets.TimeCount);

    /// <summary>Every RDM of the stack with its sort order computed now, before threads share them.</summary>
    internal static RankedVector[] Rank(RdmStack stack)
    {
        var ranked = new RankedVector[stack.Count];
        for (int k = 0; k < stack.Count; k++) _ = (ranked[k] = new RankedVector(stack.Memory(k))).Order;
        return ranked;
    }

    /// <summary>Means of consecutive runs of <paramref name="timeCount"/> values (NaN values skipped).</summary>
    internal static double[] AverageOverTime(ReadOnlySpan<double> values, int subjects, int timeCount)
    {
        var result = new double[subjects];
        for (int s = 0; s < subjects; s++)
        {
            double sum = 0; int n = 0;
            foreach (var v in values.Slice(s * timeCount, timeCount)) if (!double.IsNaN(v)) { sum += v; n++; }
            result[s] = n == 0 ? double.NaN : sum / n;
        }
        return result;
    }
}
