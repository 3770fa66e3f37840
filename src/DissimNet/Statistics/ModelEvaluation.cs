using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>Options for <see cref="ModelEvaluation.Score"/>.</summary>
public sealed record ScoreOptions
{
    /// <summary>Comparison method (Spearman by default, as in Algonauts 2019).</summary>
    public ComparisonMethod Method { get; init; } = ComparisonMethod.Spearman;

    /// <summary>Bootstrap resamples over subjects and over conditions; 0 skips the bootstrap; at most <see cref="MaxBootstrapResamples"/>.</summary>
    public int BootstrapResamples { get; init; }

    /// <summary>The most resamples allowed: intervals settle long before, and each resample keeps its scores in memory.</summary>
    public const int MaxBootstrapResamples = 1_000_000;

    /// <summary>Seed of the bootstrap's random generator.</summary>
    public int Seed { get; init; }

    /// <summary>Confidence level of bootstrap intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>A noise ceiling in r² units to express the score as a percentage of (e.g. a published one).</summary>
    public double? NoiseCeilingR2 { get; init; }

    /// <summary>How subjects' RDMs are pooled for the noise ceiling (rsatoolbox's matched pooling by default).</summary>
    public NoiseCeilingPooling NoiseCeilingPooling { get; init; } = NoiseCeilingPooling.Matched;
}

/// <summary>Scores a model RDM against subject RDMs: per-subject comparisons, their mean and mean square, the t-test, noise ceiling and bootstrap intervals.</summary>
public static class ModelEvaluation
{
    /// <summary>Evaluates <paramref name="model"/> against <paramref name="target"/> (subjects, or subjects x time points).</summary>
    /// <remarks>Subjects whose RDMs are entirely NaN are left out of every number, with a note (see <see cref="SubjectsWithData"/>).</remarks>
    public static ModelScore Score(Rdm model, RdmStack target, ScoreOptions? options = null, IProgressSink? progress = null,
        string modelSource = "model", string targetSource = "target")
    {
        options ??= new ScoreOptions();
        if (options.BootstrapResamples is < 0 or > ScoreOptions.MaxBootstrapResamples)
            throw new SettingException($"bootstrap resamples must be 0 to {ScoreOptions.MaxBootstrapResamples:N0}, got {options.BootstrapResamples:N0}", "BootstrapResamples");
        target.RequireSameConditions(model, modelSource, targetSource);
        target = SubjectsWithData.Keep(target, targetSource, progress, out var excluded);
        if (options.NoiseCeilingR2 is { } nc && !(nc > 0))
            throw new DissimNetException($"a noise ceiling must be positive, got {nc}");
        var perSubject = RdmComparison.PerSubject(model, target, options.Method);
        bool overConditions = options.BootstrapResamples > 0 && !options.Method.IsCovWeighted();
        if (options.BootstrapResamples > 0 && !overConditions)
            progress?.Note($"no bootstrap over conditions for {options.Method.Name()}: its whitening spans whole RDMs; only subjects are resampled");
        bool many = target.LeadingShape.Length > 0;
        return Assemble(model.ConditionCount, target.TimeCount, perSubject, excluded,
            UndefinedComparison.PerSubject(model, target, perSubject, options.Method), many, options,
            many && target.SubjectCount >= 3 ? NoiseCeiling.Compute(target, options.Method, targetSource, options.NoiseCeilingPooling) : null,
            overConditions ? Bootstrap.OverConditions(model, target, options.Method, options.BootstrapResamples, options.Seed, options.ConfidenceLevel, progress) : null);
    }

    /// <summary>A score from per-subject values computed elsewhere (e.g. by <see cref="LargeRdmSpearman"/>): their mean and mean square, the t-test and the bootstrap over subjects.</summary>
    internal static ModelScore Assemble(int conditionCount, int timeCount, double[] perSubject, int[] excluded, string?[] undefined,
        bool many, ScoreOptions options, NoiseCeilingBounds? noiseCeiling, BootstrapResult? overConditions)
    {
        var squares = perSubject.Select(r => r * r).ToArray();
        int subjects = perSubject.Length;
        return new ModelScore
        {
            Method = options.Method,
            ConditionCount = conditionCount,
            TimeCount = timeCount,
            PerSubject = perSubject,
            ExcludedSubjects = excluded,
            PerSubjectUndefined = undefined,
            Mean = perSubject.Average(),
            MeanR2 = squares.Average(),
            R2Test = many && subjects >= 2 ? OneSampleTTest.Test(squares) : null,
            NoiseCeiling = noiseCeiling,
            NoiseCeilingPooling = options.NoiseCeilingPooling,
            NoiseCeilingR2 = options.NoiseCeilingR2,
            BootstrapOverSubjects = options.BootstrapResamples > 0 && subjects >= 2
                ? Bootstrap.OverSubjects(perSubject, options.BootstrapResamples, options.Seed, options.ConfidenceLevel) : null,
            BootstrapOverConditions = overConditions,
        };
    }
}
