using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>Scores and noise ceilings read straight from condensed .npy files, one RDM in memory at a time, when the request
/// allows it; otherwise null, and the caller loads the RDMs whole.</summary>
/// <remarks>Applies to float32 or float64 .npy files of RDM vectors (pairs, or subjects x pairs) or of square RDMs (n x n, or
/// subjects x n x n, condensed as they are read; see <see cref="RdmVectors.OpenSquareNpy"/>). A bootstrap over conditions
/// applies to Spearman, Pearson and cosine (<see cref="Bootstrap.OverConditions(RdmVectors, RdmVectors, ComparisonMethod, int, int, double, IProgressSink?)"/>). Spearman with matched pooling and no missing pairs goes through
/// <see cref="LargeRdmSpearman"/> (integer ranks, equal to <see cref="ModelEvaluation.Score"/> to rounding), Kendall's taus
/// with matched pooling and no missing pairs through <see cref="LargeRdmKendall"/> (integer keys, identical numbers); every other method
/// and pooling through <see cref="OneAtATimeScore"/>, which makes the general path's comparisons one subject at a time and so
/// gives its numbers exactly.</remarks>
internal static class LargeRdmFiles
{
    /// <summary>The score of the model spec against the target spec, or null when this path does not apply.</summary>
    public static ModelScore? TryScore(string modelSpec, int? modelIndex, string targetSpec, ScoreOptions options, IProgressSink? progress = null)
    {
        bool bootstrap = options.BootstrapResamples != 0;
        if (bootstrap && options.Method != ComparisonMethod.Spearman && !MomentConditionBootstrap.Applies(options.Method)) return null;
        if (options.NoiseCeilingR2 is <= 0) return null;
        var modelParts = DataSpecParts.ParseIndexed(modelSpec);
        if (modelParts.Index is { } a && modelIndex is { } b && a != b) return null; // the general path names the conflict
        using var model = Open(modelParts, modelParts.Index ?? modelIndex);
        if (model is null || model.Count != 1) return null;
        using var target = Open(DataSpecParts.ParseIndexed(targetSpec), null);
        if (target is null || target.ConditionCount != model.ConditionCount) return null;
        bool many = target.Count > 1 || !IsSingleVector(targetSpec);
        if (Scores(model, target, options, many, progress) is not { } scores) return null;
        BootstrapResult? overConditions = null;
        if (bootstrap && (overConditions = Bootstrap.OverConditions(model, target, options.Method, options.BootstrapResamples, options.Seed,
            options.ConfidenceLevel, progress)) is null) return null;
        return ModelEvaluation.Assemble(model.ConditionCount, 1, scores.PerSubject, [], scores.Undefined, many, options, scores.Ceiling, overConditions);
    }

    /// <summary>Per-subject comparisons and the noise ceiling by the leanest path that applies, or null when none does.</summary>
    static (double[] PerSubject, string?[] Undefined, NoiseCeilingBounds? Ceiling)? Scores(RdmVectors model, RdmVectors target,
        ScoreOptions options, bool many, IProgressSink? progress)
    {
        if (options.Method == ComparisonMethod.Spearman && options.NoiseCeilingPooling == NoiseCeilingPooling.Matched
            && LargeRdmSpearman.Score(model, target, target.Count >= 3, progress) is { } ranked)
            return (ranked.PerSubject, ranked.Undefined, ranked.NoiseCeiling);
        if (LargeRdmKendall.Applies(options.Method, options.NoiseCeilingPooling)
            && LargeRdmKendall.Run(model, target, options.Method, many && target.Count >= 3, progress) is { } taus)
            return (taus.PerSubject, taus.Undefined, taus.Ceiling);
        var subjects = SubjectVectors.Of(target);
        if (CompareModel(model, subjects, options.Method, progress) is not { } compared) return null;
        var ceiling = many && target.Count >= 3 ? NoiseCeiling.Compute(subjects, options.Method, options.NoiseCeilingPooling) : null;
        return (compared.PerSubject, compared.Undefined, ceiling);
    }

    /// <summary>The model's comparison with each subject, or null when the model or a subject needs the general path (which names
    /// the problem); the model's vector is dropped on return, before a noise ceiling needs the room.</summary>
    static (double[] PerSubject, string?[] Undefined)? CompareModel(RdmVectors model, SubjectVectors subjects, ComparisonMethod method, IProgressSink? progress)
    {
        var vector = new double[model.PairCount];
        model.Read(0, 0, vector);
        if (vector.AsSpan().IndexOfAnyExcept(double.NaN) < 0 || vector.AsSpan().IndexOfAny(double.PositiveInfinity, double.NegativeInfinity) >= 0)
            return null;
        return OneAtATimeScore.Compare(vector, subjects, method, progress);
    }

    /// <summary>The noise ceiling of the target spec and its subject count, or null when this path does not apply.</summary>
    public static (NoiseCeilingBounds Bounds, int Subjects)? TryNoiseCeiling(string targetSpec, ComparisonMethod method, NoiseCeilingPooling pooling, IProgressSink? progress = null)
    {
        using var target = Open(DataSpecParts.ParseIndexed(targetSpec), null);
        if (target is null || target.Count < 3) return null;
        if (method == ComparisonMethod.Spearman && pooling == NoiseCeilingPooling.Matched && LargeRdmSpearman.NoiseCeiling(target, progress) is { } bounds)
            return (bounds, target.Count);
        if (LargeRdmKendall.Applies(method, pooling) && LargeRdmKendall.Run(null, target, method, true, progress) is { Ceiling: { } taus })
            return (taus, target.Count);
        var subjects = SubjectVectors.Of(target);
        if (!AllUsable(subjects)) return null; // the general path leaves an empty subject out with a note, or names the value
        return (NoiseCeiling.Compute(subjects, method, pooling), target.Count);
    }

    /// <summary>True when no subject is entirely NaN or holds an infinite value; its own frame, so that the vector read is
    /// dropped on return.</summary>
    static bool AllUsable(SubjectVectors subjects)
    {
        var scratch = new double[subjects.PairCount];
        for (int k = 0; k < subjects.Count; k++)
        {
            var span = subjects.Get(k, scratch).Span;
            if (span.IndexOfAnyExcept(double.NaN) < 0 || span.IndexOfAny(double.PositiveInfinity, double.NegativeInfinity) >= 0)
                return false;
        }
        return true;
    }

    static RdmVectors? Open(DataSpecParts parts, int? index)
    {
        if (parts.Variable is not null || parts.IsFolder || DataSpec.FormatOf(parts.Path) != FileFormat.Npy) return null;
        if (index is not null && parts.Index is not null && index != parts.Index) return null;
        return RdmVectors.OpenNpy(parts.Path, parts.Address, index ?? parts.Index)
            ?? RdmVectors.OpenSquareNpy(parts.Path, parts.Address, index ?? parts.Index);
    }

    /// <summary>True when the spec is one RDM with no subject axis (a plain vector or an index), which scores as a stack of one without a t-test.</summary>
    static bool IsSingleVector(string spec)
    {
        var parts = DataSpecParts.ParseIndexed(spec);
        if (parts.Index is not null) return true;
        using var stream = NpyStream.TryOpen(parts.Path);
        // A vector of pairs, or one square matrix (n x n; an array whose last two axes match reads as square).
        return stream is null || stream.Shape.Length == 1 || (stream.Shape.Length == 2 && stream.Shape[0] == stream.Shape[1]);
    }
}
