namespace DissimNet.Rdms;

/// <summary>Says why a comparison of two RDMs has no value (NaN), so that outputs can show the reason instead of a bare n/a.</summary>
/// <remarks>A correlation is undefined when either side has no variance (a constant RDM), cosine when either side is all
/// zeros, and any method when fewer than 2 pairs are defined in both RDMs.</remarks>
internal static class UndefinedComparison
{
    /// <summary>Why comparing <paramref name="a"/> with <paramref name="b"/> by <paramref name="method"/> gives NaN, or null when
    /// nothing makes it undefined; <paramref name="aName"/> and <paramref name="bName"/> name the RDMs, e.g. "model RDM".</summary>
    public static string? Reason(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ComparisonMethod method,
        string aName = "first RDM", string bName = "second RDM")
    {
        if (a.Length != b.Length) return "the RDMs differ in length";
        foreach (var (values, name) in new[] { (a.ToArray(), aName), (b.ToArray(), bName) })
        {
            if (values.All(double.IsNaN)) return $"{name} is entirely NaN";
            if (values.Any(double.IsInfinity)) return $"{name} has infinite values";
        }
        var shared = new List<int>();
        for (int i = 0; i < a.Length; i++)
            if (!double.IsNaN(a[i]) && !double.IsNaN(b[i])) shared.Add(i);
        if (shared.Count < 2) return $"fewer than 2 pairs are defined in both the {aName} and the {bName}";
        foreach (var (values, name) in new[] { (a.ToArray(), aName), (b.ToArray(), bName) })
        {
            if (method is ComparisonMethod.Cosine or ComparisonMethod.CosineCovWeighted)
            {
                if (shared.All(i => values[i] == 0)) return $"{name} is all zeros";
                continue;
            }
            if (values.Where(v => !double.IsNaN(v)).Distinct().Count() == 1) return $"{name} is constant";
            if (shared.Select(i => values[i]).Distinct().Count() == 1) return $"{name} is constant over the pairs defined in both RDMs";
        }
        return null;
    }

    /// <summary>For each subject whose value in <paramref name="perSubject"/> is NaN, why (null for the others); for a
    /// subjects x time stack the reasons of the subject's time points, each named once.</summary>
    public static string?[] PerSubject(Rdm model, RdmStack targets, IReadOnlyList<double> perSubject, ComparisonMethod method)
    {
        var reasons = new string?[perSubject.Count];
        for (int s = 0; s < perSubject.Count; s++)
        {
            if (!double.IsNaN(perSubject[s])) continue;
            var each = Enumerable.Range(0, targets.TimeCount)
                .Select(t => Reason(model.Vector, targets.Vector(s, t), method, "model RDM", "subject RDM") ?? "undefined")
                .Distinct().ToArray();
            reasons[s] = string.Join("; ", each) + (targets.TimeCount > 1 && each.Length == 1 ? " at every time point" : "");
        }
        return reasons;
    }
}
