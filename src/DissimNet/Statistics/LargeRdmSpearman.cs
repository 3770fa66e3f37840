using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>Per-subject Spearman correlations of a model with its subjects.</summary>
/// <param name="PerSubject">One correlation per subject.</param>
/// <param name="Undefined">Why a correlation is NaN (a constant RDM), else null.</param>
/// <param name="NoiseCeiling">The matched-pooling noise ceiling, when asked for.</param>
internal sealed record SpearmanScores(double[] PerSubject, string?[] Undefined, NoiseCeilingBounds? NoiseCeiling);

/// <summary>Spearman scores and noise ceilings of RDMs of any size with memory for about two ranked vectors, not for the stack.</summary>
/// <remarks>RDMs are read one at a time from <see cref="RdmVectors"/> and ranked with one reusable <see cref="RankSorter"/>;
/// ranks are kept as doubled integer ranks (4 bytes per pair) and correlations summed exactly, so results equal
/// <see cref="ModelEvaluation"/> and <see cref="NoiseCeiling"/> (Spearman, matched pooling) to rounding. Pooling averages
/// subjects' ranks; the ranks of that average are the ranks of the exact integer sum, computed here without division.
/// Each subject is sorted once per pass (three passes with a noise ceiling) in exchange for never holding the stack.
/// Returns null when some pair is NaN: missing pairs need the general path.</remarks>
internal static class LargeRdmSpearman
{
    const int Chunk = 1 << 16;

    /// <summary>The model's Spearman correlation with each subject and, when <paramref name="noiseCeiling"/> is set and there are at least 3 subjects, the noise ceiling.</summary>
    public static SpearmanScores? Score(RdmVectors model, RdmVectors subjects, bool noiseCeiling, IProgressSink? progress = null)
    {
        if (model.Count != 1) throw new ArgumentException("one model RDM expected");
        if (model.ConditionCount != subjects.ConditionCount)
            throw new DissimNetException($"{model.Source} has {model.ConditionCount} conditions but {subjects.Source} has {subjects.ConditionCount}: RDMs can only be compared over the same conditions");
        noiseCeiling &= subjects.Count >= 3;
        return subjects.Count * 2L * subjects.PairCount <= uint.MaxValue
            ? Run<uint>(model, subjects, noiseCeiling, progress)
            : Run<long>(model, subjects, noiseCeiling, progress);
    }

    /// <summary>The noise ceiling of at least 3 subjects (matched pooling), or null when some pair is NaN.</summary>
    public static NoiseCeilingBounds? NoiseCeiling(RdmVectors subjects, IProgressSink? progress = null)
    {
        if (subjects.Count < 3)
            throw new DissimNetException($"{subjects.Source}: a noise ceiling needs RDMs of at least 3 subjects, got {subjects.Count}");
        var result = subjects.Count * 2L * subjects.PairCount <= uint.MaxValue
            ? Run<uint>(null, subjects, true, progress)
            : Run<long>(null, subjects, true, progress);
        return result?.NoiseCeiling;
    }

    static SpearmanScores? Run<T>(RdmVectors? model, RdmVectors subjects, bool ceiling, IProgressSink? progress)
        where T : System.Numerics.IBinaryInteger<T>
    {
        progress ??= NullProgress.Instance;
        int p = subjects.PairCount, s = subjects.Count;
        var sorter = new RankSorter(p);
        var chunk = new double[Math.Min(Chunk, p)];
        var ranks = new int[p];
        var sums = ceiling ? new T[p] : null;
        int sortsDone = 0;
        int sorts = (model is null ? 0 : 1) + s + (ceiling ? 1 + s + 2 * s : 0);
        progress.Begin($"ranking {s + (model is null ? 0 : 1)} RDMs of {p:N0} pairs", sorts);
        void Step() => progress.Report(++sortsDone);

        var perSubject = new double[s];
        var undefined = new string?[s];
        Int128 modelSpread = 0;
        if (model is not null)
        {
            if (!Load(model, 0, sorter, chunk)) return Fail(progress);
            modelSpread = sorter.WriteRanks(ranks);
            Step();
        }
        // Pass 1: each subject's correlation with the model, and the sum of all subjects' ranks.
        for (int k = 0; k < s; k++)
        {
            if (!Load(subjects, k, sorter, chunk)) return Fail(progress);
            if (model is not null)
            {
                var sumsK = sorter.Correlate(ranks);
                perSubject[k] = sumsK.Spearman(modelSpread);
                if (double.IsNaN(perSubject[k]))
                    undefined[k] = modelSpread == 0 ? "model RDM is constant" : "subject RDM is constant";
            }
            if (sums is not null) sorter.AddRanks<T>(sums);
            Step();
        }
        NoiseCeilingBounds? bounds = null;
        if (sums is not null)
        {
            int keyBits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)s * 2UL * (ulong)p);
            // Pass 2 (upper bound): each subject against the ranks of the pool of all.
            sorter.Begin(keyBits);
            for (int i = 0; i < p; i++) sorter.Set(i, ulong.CreateTruncating(sums[i]));
            sorter.Sort();
            var allSpread = sorter.WriteRanks(ranks);
            Step();
            var upper = new double[s];
            for (int k = 0; k < s; k++)
            {
                if (!Load(subjects, k, sorter, chunk)) return Fail(progress);
                upper[k] = sorter.Correlate(ranks).Spearman(allSpread);
                Step();
            }
            // Pass 3 (lower bound): each subject against the ranks of the pool of the others (the sum less its own ranks).
            var lower = new double[s];
            for (int k = 0; k < s; k++)
            {
                if (!Load(subjects, k, sorter, chunk)) return Fail(progress);
                var ownSpread = sorter.WriteRanks(ranks);
                Step();
                sorter.Begin(keyBits);
                for (int i = 0; i < p; i++) sorter.Set(i, ulong.CreateTruncating(sums[i]) - (ulong)ranks[i]);
                sorter.Sort();
                lower[k] = sorter.Correlate(ranks).Spearman(ownSpread);
                Step();
            }
            bounds = new NoiseCeilingBounds(MeanOfDefined(lower), MeanOfDefined(upper));
        }
        progress.End();
        return new SpearmanScores(perSubject, undefined, bounds);
    }

    static SpearmanScores? Fail(IProgressSink progress)
    {
        progress.End();
        return null;
    }

    /// <summary>Reads RDM <paramref name="k"/> into the sorter and sorts it; false at a NaN pair, and at an infinite one when
    /// <paramref name="infiniteFails"/> (else an infinite pair is an error naming it).</summary>
    internal static bool Load(RdmVectors source, int k, RankSorter sorter, double[] chunk, bool infiniteFails = false)
    {
        sorter.Begin(source.SinglePrecision ? 32 : 64);
        bool read = source.ReadInPieces(k, chunk, (start, span) =>
        {
            int infinite = span.IndexOfAny(double.PositiveInfinity, double.NegativeInfinity);
            if (infinite >= 0 && infiniteFails) return false;
            if (infinite >= 0)
                throw new DissimNetException($"{source.Source}: pair {start + infinite}{(source.Count > 1 ? $" (RDM {k})" : "")} is {span[infinite]}; dissimilarities must be finite (NaN marks a missing pair)");
            return sorter.Set(start, span, source.SinglePrecision);
        });
        if (read) sorter.Sort();
        return read;
    }

    static double MeanOfDefined(double[] values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToArray();
        return defined.Length == 0 ? double.NaN : defined.Average();
    }
}
