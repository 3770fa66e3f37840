using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>One cross-validation fold's test RDMs: the trained and the pretrained model's, and every subject's, over the fold's test images.</summary>
internal sealed record FoldTestRdms(Rdm Trained, Rdm Pretrained, RdmStack Subjects);

/// <summary>Percentile bootstrap over folds, subjects and images together, for the trained and pretrained test scores and their gain.</summary>
/// <remarks>Each resample draws J folds with replacement, S subjects with replacement (the same people in every drawn fold), and
/// within each drawn fold its test images with replacement; the pairs of drawn images (an image never with itself) are compared as
/// pair weights, as <see cref="Bootstrap.OverConditions(Rdm, RdmStack, ComparisonMethod, int, int, double, IProgressSink?)"/> does.
/// The statistic is the mean over drawn folds of the mean over drawn subjects; the gain is trained minus pretrained on the same draws.
/// Every draw comes from one seeded generator.</remarks>
internal static class FoldImageBootstrap
{
    /// <summary>The three intervals (trained, pretrained, gain).</summary>
    public static (ConfidenceInterval Trained, ConfidenceInterval Pretrained, ConfidenceInterval Gain) Intervals(
        IReadOnlyList<FoldTestRdms> folds, ComparisonMethod method, int resamples = 1000, int seed = 0, double level = 0.95)
    {
        int foldCount = folds.Count;
        if (foldCount < 2) throw new DissimNetException($"statistics over folds need at least 2 folds, got {foldCount}");
        if (resamples < 2) throw new DissimNetException($"a bootstrap needs at least 2 resamples, got {resamples}");
        if (method.IsCovWeighted())
            throw new SettingException($"a bootstrap over images is not available for {method.Name()}: its whitening spans whole RDMs", "Method");
        int subjects = folds[0].Subjects.SubjectCount;
        foreach (var f in folds)
        {
            if (f.Subjects.SubjectCount != subjects) throw new DissimNetException("every fold must have the same subjects");
            f.Subjects.RequireSameConditions(f.Trained);
            f.Subjects.RequireSameConditions(f.Pretrained);
        }
        var trained = folds.Select(f => new RankedVector(f.Trained.Vector)).ToArray();
        var pretrained = folds.Select(f => new RankedVector(f.Pretrained.Vector)).ToArray();
        foreach (var r in trained.Concat(pretrained)) _ = r.Order; // sorted once, before any thread shares them
        var targets = folds.Select(f => RdmComparison.Rank(f.Subjects)).ToArray();
        var workspaces = folds.Select(f => new ComparisonWorkspace(f.Trained.PairCount)).ToArray();
        var weights = folds.Select(f => new double[f.Trained.PairCount]).ToArray();
        var counts = folds.Select(f => new int[f.Trained.ConditionCount]).ToArray();
        var values = new double[folds.Max(f => f.Subjects.Count)];
        var random = new Random(seed);
        var foldDraw = new int[foldCount];
        var subjectDraw = new int[subjects];
        var t = new double[resamples];
        var p = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            for (int k = 0; k < foldCount; k++) foldDraw[k] = random.Next(foldCount);
            for (int k = 0; k < subjects; k++) subjectDraw[k] = random.Next(subjects);
            double sumTrained = 0, sumPretrained = 0;
            foreach (int f in foldDraw)
            {
                Array.Clear(counts[f]);
                int n = counts[f].Length;
                for (int k = 0; k < n; k++) counts[f][random.Next(n)]++;
                Bootstrap.PairWeights(counts[f], weights[f]);
                sumTrained += MeanOverDrawnSubjects(trained[f], folds[f].Subjects, targets[f], weights[f], method, workspaces[f], values, subjectDraw);
                sumPretrained += MeanOverDrawnSubjects(pretrained[f], folds[f].Subjects, targets[f], weights[f], method, workspaces[f], values, subjectDraw);
            }
            t[b] = sumTrained / foldCount;
            p[b] = sumPretrained / foldCount;
        }
        var gain = t.Zip(p, (a, c) => a - c).ToArray();
        return (Interval(t, level), Interval(p, level), Interval(gain, level));
    }

    static double MeanOverDrawnSubjects(RankedVector model, RdmStack stack, IReadOnlyList<RankedVector> targets, double[] weights,
        ComparisonMethod method, ComparisonWorkspace ws, double[] values, int[] subjectDraw)
    {
        var span = values.AsSpan(0, stack.Count);
        WeightedComparison.CompareToEach(model, targets, weights, method, ws, span);
        var perSubject = RdmComparison.AverageOverTime(span, stack.SubjectCount, stack.TimeCount);
        double sum = 0;
        foreach (int s in subjectDraw) sum += perSubject[s];
        return sum / subjectDraw.Length;
    }

    /// <summary>The percentile interval of the finite resamples (a resample whose drawn images leave a constant RDM is undefined).</summary>
    static ConfidenceInterval Interval(double[] resamples, double level)
    {
        var finite = resamples.Where(double.IsFinite).ToArray();
        if (finite.Length < 2) return new ConfidenceInterval(double.NaN, double.NaN, level);
        return new ConfidenceInterval(Bootstrap.Percentile(finite, (1 - level) / 2), Bootstrap.Percentile(finite, 1 - (1 - level) / 2), level);
    }
}
