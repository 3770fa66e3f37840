using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>Kendall's tau-a and tau-b scores and matched-pooling noise ceilings of RDMs of any size, read one at a time, in
/// memory for a few integer vectors (28 bytes a pair for float32 files) rather than for the stack and its ranks.</summary>
/// <remarks>Each RDM is ranked by <see cref="RankSorter"/> into doubled integer ranks, which order and tie as its values. A
/// pool of ranks orders and ties as the integer sum of its members' doubled ranks (the mean the general path computes is
/// that sum halved, exact, over a constant count, and distinct sums stay distinct means), so every comparison is Kendall's
/// tau of two integer keys (<see cref="KendallTau.OfPackedKeys"/>), which adds up what the general path adds up in the same
/// order: the numbers equal <see cref="OneAtATimeScore"/>'s and <see cref="NoiseCeiling"/>'s digit for digit. Each subject
/// is ranked twice (once for the score and the pool of all, once for its bounds) instead of keeping every subject's ranks.
/// Returns null when some pair is NaN or infinite or the rank sums would not fit 32 bits: the other paths handle (and name) those.</remarks>
internal static class LargeRdmKendall
{
    const int Chunk = 1 << 16;

    /// <summary>True for the methods and pooling this path computes.</summary>
    public static bool Applies(ComparisonMethod method, NoiseCeilingPooling pooling)
        => method is ComparisonMethod.KendallTauA or ComparisonMethod.KendallTauB && pooling == NoiseCeilingPooling.Matched;

    /// <summary>The model's tau with each subject (when <paramref name="model"/> is given), why any is undefined, and, when
    /// <paramref name="ceiling"/> is set (at least 3 subjects), the noise ceiling; null when this path does not apply.</summary>
    public static (double[] PerSubject, string?[] Undefined, NoiseCeilingBounds? Ceiling)? Run(RdmVectors? model, RdmVectors subjects,
        ComparisonMethod method, bool ceiling, IProgressSink? progress = null)
    {
        if (model is not null && (model.Count != 1 || model.PairCount != subjects.PairCount)) throw new ArgumentException("one model RDM of the subjects' size expected");
        if (ceiling && subjects.Count < 3) throw new ArgumentException("a noise ceiling needs at least 3 subjects");
        int p = subjects.PairCount, s = subjects.Count;
        if (ceiling && (long)s * 2 * p > uint.MaxValue) return null;
        progress ??= NullProgress.Instance;
        var sorter = new RankSorter(p);
        var chunk = new double[Math.Min(Chunk, p)];
        var keys = new ulong[p];
        var ranks = new int[p]; // the model's, then (noise ceiling) each subject's own
        var subjectRanks = model is null ? null : new int[p];
        var sums = ceiling ? new uint[p] : null;
        int done = 0;
        progress.Begin($"ranking {s + (model is null ? 0 : 1)} RDMs of {p:N0} pairs", (model is null ? 0 : 1) + s + (ceiling ? s : 0));
        void Step() => progress.Report(++done);

        var perSubject = new double[s];
        var undefined = new string?[s];
        bool modelConstant = false;
        if (model is not null)
        {
            if (!LargeRdmSpearman.Load(model, 0, sorter, chunk, infiniteFails: true)) return Fail(progress);
            modelConstant = sorter.WriteRanks(ranks) == 0;
            Step();
        }
        // Each subject against the model, and the sum of all subjects' ranks.
        for (int k = 0; k < s; k++)
        {
            if (!LargeRdmSpearman.Load(subjects, k, sorter, chunk, infiniteFails: true)) return Fail(progress);
            if (subjectRanks is not null)
            {
                sorter.WriteRanks(subjectRanks);
                for (int i = 0; i < p; i++) keys[i] = KendallTau.Pack((uint)ranks[i], (uint)subjectRanks[i]);
                perSubject[k] = KendallTau.OfPackedKeys(method, keys);
                // Without NaN a tau is undefined only when a side is constant; the general path names the model first.
                if (double.IsNaN(perSubject[k])) undefined[k] = modelConstant ? "model RDM is constant" : "subject RDM is constant";
            }
            if (sums is not null) sorter.AddRanks<uint>(sums);
            Step();
        }
        NoiseCeilingBounds? bounds = null;
        if (sums is not null)
        {
            // Each subject (x) against the pool of the others (the sum less its own ranks) and the pool of all, as the general path compares them.
            var bound = new NoiseCeiling.BoundSums();
            for (int k = 0; k < s; k++)
            {
                if (!LargeRdmSpearman.Load(subjects, k, sorter, chunk, infiniteFails: true)) return Fail(progress);
                sorter.WriteRanks(ranks);
                for (int i = 0; i < p; i++) keys[i] = KendallTau.Pack((uint)ranks[i], sums[i] - (uint)ranks[i]);
                double lower = KendallTau.OfPackedKeys(method, keys);
                for (int i = 0; i < p; i++) keys[i] = KendallTau.Pack((uint)ranks[i], sums[i]);
                bound.Add(lower, KendallTau.OfPackedKeys(method, keys));
                Step();
            }
            bounds = bound.Bounds();
        }
        progress.End();
        return (perSubject, undefined, bounds);
    }

    static (double[], string?[], NoiseCeilingBounds?)? Fail(IProgressSink progress)
    {
        progress.End();
        return null;
    }
}
