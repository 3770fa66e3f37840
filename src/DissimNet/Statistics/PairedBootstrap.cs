using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>What a bootstrap of a model comparison resamples.</summary>
public enum BootstrapUnits
{
    /// <summary>Subjects (the RDMs of the target), with replacement.</summary>
    Subjects,
    /// <summary>Conditions (stimuli), with replacement, as <see cref="Bootstrap.OverConditions(Rdm, RdmStack, ComparisonMethod, int, int, double, IProgressSink?)"/> does.</summary>
    Conditions,
    /// <summary>Subjects and conditions together in each resample (rsatoolbox's eval_bootstrap_rdm_pattern).</summary>
    Both,
}

/// <summary>Bootstrap distributions of several models' mean scores from one set of resamples, so that model differences are paired.</summary>
internal static class PairedBootstrap
{
    /// <summary>The accepted names of <see cref="BootstrapUnits"/>.</summary>
    public static readonly string[] UnitNames = ["subjects", "conditions", "both"];

    /// <summary>The units a name stands for.</summary>
    public static BootstrapUnits ParseUnits(string name) => name.Trim().ToLowerInvariant() switch
    {
        "subjects" => BootstrapUnits.Subjects,
        "conditions" => BootstrapUnits.Conditions,
        "both" => BootstrapUnits.Both,
        _ => throw new SettingException($"unknown bootstrap units '{name}' (expected one of: {string.Join(", ", UnitNames)})", "BootstrapUnits"),
    };

    /// <summary>The name of the units.</summary>
    public static string Name(this BootstrapUnits units) => units.ToString().ToLowerInvariant();

    /// <summary>The mean score of each model in each resample: result[model][resample]. A resample draws subjects
    /// (<paramref name="subjectDraws"/>, null keeps every subject once) and conditions (<paramref name="conditionDraws"/>,
    /// null keeps every pair once); both lists, when given, hold one draw per resample.</summary>
    /// <remarks><paramref name="perSubject"/> holds each model's unresampled per-subject values, used when conditions are not
    /// resampled. A resample in which a model's comparison is undefined for a drawn subject gives NaN for that model.</remarks>
    public static double[][] Means(IReadOnlyList<Rdm> models, IReadOnlyList<double[]> perSubject, RdmStack target, ComparisonMethod method,
        IReadOnlyList<int[]>? subjectDraws, IReadOnlyList<int[]>? conditionDraws, IProgressSink? progress = null)
    {
        int resamples = subjectDraws?.Count ?? conditionDraws?.Count
            ?? throw new ArgumentException("a bootstrap needs subject draws, condition draws or both");
        if (subjectDraws is not null && conditionDraws is not null && subjectDraws.Count != conditionDraws.Count)
            throw new ArgumentException($"{subjectDraws.Count} subject draws but {conditionDraws.Count} condition draws");
        if (conditionDraws is not null && method.IsCovWeighted())
            throw new SettingException($"a bootstrap over conditions is not available for {method.Name()}: its whitening spans whole RDMs, which pair weights cannot express", "BootstrapUnits");
        int subjects = target.SubjectCount, n = target.ConditionCount;
        if (subjectDraws is not null)
            foreach (var draw in subjectDraws)
                foreach (var s in draw)
                    if ((uint)s >= (uint)subjects) throw new DissimNetException($"a bootstrap draw picks subject {s}, but there are {subjects}");
        var means = models.Select(_ => new double[resamples]).ToArray();
        var ranked = conditionDraws is null ? null : models.Select(m => new RankedVector(m.Vector)).ToArray();
        foreach (var r in ranked ?? []) _ = r.Order; // sorted once, before threads share them
        var rankedTargets = conditionDraws is null ? null : RdmComparison.Rank(target);
        BootstrapWorkers.Run(resamples, BootstrapWorkers.Count(target.PairCount, BootstrapWorkers.WeightedBytesPerPair), target.PairCount,
            () => (ws: new ComparisonWorkspace(target.PairCount), weights: new double[target.PairCount], counts: new int[n], values: new double[target.Count]),
            (b, local) =>
            {
                if (conditionDraws is not null)
                {
                    Array.Clear(local.counts);
                    foreach (var c in conditionDraws[b])
                    {
                        if ((uint)c >= (uint)n) throw new DissimNetException($"bootstrap draw {b} picks condition {c}, but there are {n}");
                        local.counts[c]++;
                    }
                    Bootstrap.PairWeights(local.counts, local.weights);
                }
                for (int m = 0; m < models.Count; m++)
                {
                    double[] values = perSubject[m];
                    if (conditionDraws is not null)
                    {
                        WeightedComparison.CompareToEach(ranked![m], rankedTargets!, local.weights, method, local.ws, local.values);
                        values = RdmComparison.AverageOverTime(local.values, subjects, target.TimeCount);
                    }
                    means[m][b] = subjectDraws is null ? values.Average() : subjectDraws[b].Average(s => values[s]);
                }
            },
            progress ?? NullProgress.Instance,
            $"bootstrap over {(subjectDraws is null ? "conditions" : conditionDraws is null ? "subjects" : "subjects and conditions")}");
        return means;
    }
}
