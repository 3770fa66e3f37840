using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>Subjects' RDMs transformed for matched pooling (<see cref="NoiseCeilingPoolings.Transform(ReadOnlyMemory{double}, ComparisonMethod)"/>), kept small:
/// rank transforms as doubled integer ranks (4 bytes a pair, exact), the others recomputed when asked (one pass, no sort).</summary>
/// <remarks>A noise ceiling pools every subject once per left-out subject; keeping each transform as a double vector would
/// hold a second copy of the stack. Average ranks are whole or half numbers, so twice a rank is an integer and halving it
/// gives back the same double.</remarks>
internal sealed class PooledTransforms
{
    readonly SubjectVectors subjects;
    readonly ComparisonMethod method;
    readonly int[][]? doubledRanks;
    double[]? buffer;

    public PooledTransforms(SubjectVectors subjects, ComparisonMethod method)
    {
        this.subjects = subjects;
        this.method = method;
        if (!NoiseCeilingPoolings.PoolsRanks(method)) return;
        doubledRanks = new int[subjects.Count][];
        var buffer = new double[subjects.PairCount];
        for (int m = 0; m < subjects.Count; m++)
        {
            // The last subject's sort is collected before the next one's; ranks replace the values in the read buffer.
            LargeVectorGarbage.Release(subjects.PairCount);
            var ranks = NoiseCeilingPoolings.Transform(subjects.Get(m, buffer), method, buffer);
            var doubled = new int[ranks.Length];
            // 0 marks a NaN pair: ranks start at 1.
            for (int i = 0; i < ranks.Length; i++) doubled[i] = double.IsNaN(ranks[i]) ? 0 : checked((int)(2 * ranks[i]));
            doubledRanks[m] = doubled;
        }
    }

    /// <summary>The transform of a member without kept ranks, in a buffer reused for every member.</summary>
    double[] Write(int m)
    {
        var buffer = this.buffer ??= new double[subjects.PairCount];
        // Each value is read before its transform is written over it, so one buffer holds both.
        return NoiseCeilingPoolings.Transform(subjects.Get(m, buffer), method, buffer);
    }

    /// <summary>The NaN-ignoring mean of the members' transforms, summed in the order given (as <see cref="RdmAveraging.NanMean(IEnumerable{double[]})"/>).</summary>
    public double[] Mean(IEnumerable<int> members)
    {
        int p = subjects.PairCount;
        var sum = new double[p];
        var count = new DefinedCounts(p);
        foreach (var m in members)
        {
            if (doubledRanks is not null)
            {
                // Halved straight into the sum: the same doubles a transform vector would hold, without one.
                var doubled = doubledRanks[m];
                var ranked = count.Add(doubled.AsSpan().Contains(0));
                for (int i = 0; i < p; i++)
                    if (doubled[i] != 0)
                    {
                        sum[i] += doubled[i] * 0.5;
                        if (ranked is not null) ranked[i]++;
                    }
                continue;
            }
            var v = Write(m);
            var defined = count.Add(v.AsSpan().Contains(double.NaN));
            for (int i = 0; i < p; i++)
                if (!double.IsNaN(v[i]))
                {
                    sum[i] += v[i];
                    if (defined is not null) defined[i]++;
                }
        }
        if (count.Added == 0) throw new ArgumentException("no vectors to average");
        for (int i = 0; i < p; i++) sum[i] = count[i] == 0 ? double.NaN : sum[i] / count[i];
        return sum;
    }
}
