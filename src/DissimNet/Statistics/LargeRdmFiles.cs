using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>Scores and noise ceilings read straight from condensed .npy files through <see cref="LargeRdmSpearman"/>, one RDM in
/// memory at a time, when the request allows it; otherwise null, and the caller loads the RDMs whole.</summary>
/// <remarks>Applies to Spearman with matched pooling and no bootstrap over conditions, for float32 or float64 .npy files of
/// RDM vectors (pairs, or subjects x pairs) without missing pairs. The numbers equal those of <see cref="ModelEvaluation.Score"/>.</remarks>
public static class LargeRdmFiles
{
    /// <summary>The score of the model spec against the target spec, or null when this path does not apply.</summary>
    public static ModelScore? TryScore(string modelSpec, int? modelIndex, string targetSpec, ScoreOptions options, IProgressSink? progress = null)
    {
        if (options.Method != ComparisonMethod.Spearman || options.BootstrapResamples != 0 || options.NoiseCeilingR2 is <= 0) return null;
        var modelParts = DataSpecParts.ParseIndexed(modelSpec);
        if (modelParts.Index is { } a && modelIndex is { } b && a != b) return null; // the general path names the conflict
        using var model = Open(modelParts, modelParts.Index ?? modelIndex);
        if (model is null || model.Count != 1) return null;
        using var target = Open(DataSpecParts.ParseIndexed(targetSpec), null);
        if (target is null) return null;
        bool ceiling = target.Count >= 3 && options.NoiseCeilingPooling == NoiseCeilingPooling.Matched;
        if (target.Count >= 3 && !ceiling) return null;
        var scores = LargeRdmSpearman.Score(model, target, ceiling, progress);
        if (scores is null) return null;
        bool many = target.Count > 1 || !IsSingleVector(targetSpec);
        return ModelEvaluation.Assemble(model.ConditionCount, 1, scores.PerSubject, [], scores.Undefined, many, options, scores.NoiseCeiling, null);
    }

    /// <summary>The noise ceiling of the target spec (Spearman, matched pooling) and its subject count, or null when this path does not apply.</summary>
    public static (NoiseCeilingBounds Bounds, int Subjects)? TryNoiseCeiling(string targetSpec, ComparisonMethod method, NoiseCeilingPooling pooling, IProgressSink? progress = null)
    {
        if (method != ComparisonMethod.Spearman || pooling != NoiseCeilingPooling.Matched) return null;
        using var target = Open(DataSpecParts.ParseIndexed(targetSpec), null);
        if (target is null || target.Count < 3) return null;
        var bounds = LargeRdmSpearman.NoiseCeiling(target, progress);
        return bounds is null ? null : (bounds, target.Count);
    }

    static RdmVectors? Open(DataSpecParts parts, int? index)
    {
        if (parts.Variable is not null || parts.IsFolder || DataSpec.FormatOf(parts.Path) != FileFormat.Npy) return null;
        if (index is not null && parts.Index is not null && index != parts.Index) return null;
        return RdmVectors.OpenNpy(parts.Path, parts.Address, index ?? parts.Index);
    }

    /// <summary>True when the spec is one RDM with no subject axis (a plain vector or an index), which scores as a stack of one without a t-test.</summary>
    static bool IsSingleVector(string spec)
    {
        var parts = DataSpecParts.ParseIndexed(spec);
        if (parts.Index is not null) return true;
        using var stream = NpyStream.TryOpen(parts.Path);
        return stream is null || stream.Shape.Length == 1;
    }
}
