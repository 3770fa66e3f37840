using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>Scores and noise ceilings of any method with subjects read one at a time (<see cref="SubjectVectors"/>): the same
/// comparisons, in the same order, as <see cref="ModelEvaluation.Score"/> and <see cref="NoiseCeiling.Compute(RdmStack, ComparisonMethod, string, NoiseCeilingPooling)"/>,
/// so the numbers are identical, but memory holds the model, one subject and the pools rather than the whole stack as doubles.</summary>
internal static class OneAtATimeScore
{
    /// <summary>Per-subject comparisons of <paramref name="model"/> with each subject and why any is undefined; null when some
    /// subject is entirely NaN or holds an infinite value (the general path leaves such a subject out, or names the value).</summary>
    public static (double[] PerSubject, string?[] Undefined)? Compare(double[] model, SubjectVectors subjects, ComparisonMethod method, IProgressSink? progress)
    {
        progress ??= NullProgress.Instance;
        int s = subjects.Count;
        var perSubject = new double[s];
        var undefined = new string?[s];
        var rankedModel = new RankedVector(model);
        // Without NaN, a dot-product method needs only each side's form: the model's once, each subject's over its own vector.
        var modelForm = UnitForm.Applies(method) && !rankedModel.HasNaN ? UnitForm.InPlace(model.ToArray(), method) : null;
        var ws = new ComparisonWorkspace(subjects.PairCount);
        progress.Begin($"comparing {s} RDMs of {subjects.PairCount:N0} pairs", s);
        var scratch = subjects.Copies ? new double[subjects.PairCount] : null;
        for (int k = 0; k < s; k++)
        {
            LargeVectorGarbage.Release(subjects.PairCount);
            var vector = subjects.Get(k, scratch);
            var span = vector.Span;
            if (span.IndexOfAnyExcept(double.NaN) < 0 || span.IndexOfAny(double.PositiveInfinity, double.NegativeInfinity) >= 0)
            {
                progress.End();
                return null;
            }
            if (modelForm is not null && !span.Contains(double.NaN))
            {
                perSubject[k] = UnitForm.Compare(modelForm, UnitForm.InPlace(scratch ?? span.ToArray(), method));
                // The form replaced the values, which a reason for an undefined value needs again.
                if (double.IsNaN(perSubject[k])) span = subjects.Get(k, scratch).Span;
            }
            else WeightedComparison.CompareToEach(rankedModel, [new RankedVector(vector)], null, method, ws, perSubject.AsSpan(k, 1));
            if (double.IsNaN(perSubject[k]))
                undefined[k] = UndefinedComparison.Reason(model, span, method, "model RDM", "subject RDM") ?? "undefined";
            progress.Report(k + 1);
        }
        progress.End();
        return (perSubject, undefined);
    }
}
