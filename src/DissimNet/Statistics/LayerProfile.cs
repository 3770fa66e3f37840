using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>How well one layer's RDM matches a set of target RDMs.</summary>
/// <param name="Layer">The layer as requested.</param>
/// <param name="PerTarget">Comparison with each target RDM.</param>
/// <param name="Mean">Mean over targets.</param>
/// <param name="OfLowerCeiling">Mean divided by the lower noise-ceiling bound (NaN when no ceiling).</param>
internal sealed record LayerScore(string Layer, double[] PerTarget, double Mean, double OfLowerCeiling)
{
    /// <summary>Why <see cref="Mean"/> is NaN, e.g. "layer RDM is constant: ..." (null when it is a number).</summary>
    public string? UndefinedReason { get; init; }
}

/// <summary>The layer profile: each layer's match to the brain, the noise ceiling, and the best layer.</summary>
internal sealed record LayerProfile(IReadOnlyList<LayerScore> Layers, NoiseCeilingBounds? Ceiling, ComparisonMethod Method)
{
    /// <summary>How subjects' RDMs were pooled for <see cref="Ceiling"/>.</summary>
    public NoiseCeilingPooling Pooling { get; init; } = NoiseCeilingPooling.Matched;

    /// <summary>The layer with the highest mean comparison.</summary>
    public LayerScore Best => Layers.MaxBy(l => double.IsNaN(l.Mean) ? double.NegativeInfinity : l.Mean)!;

    /// <summary>Compares every layer RDM with every target RDM; the ceiling needs at least 3 targets.</summary>
    /// <remarks>Targets whose RDMs are entirely NaN are left out, with a note to <paramref name="progress"/> (see <see cref="SubjectsWithData"/>).</remarks>
    public static LayerProfile Score(IReadOnlyList<LayerRdm> layers, RdmStack targets, ComparisonMethod method = ComparisonMethod.Spearman,
        string targetSource = "target", IProgressSink? progress = null, NoiseCeilingPooling pooling = NoiseCeilingPooling.Matched)
    {
        if (layers.Count == 0) throw new DissimNetException("no layer RDMs to score");
        var stack = targets.HasTimeAxis ? targets.AverageOverTime() : targets;
        stack.RequireSameConditions(layers[0].Rdm, "network layers", targetSource);
        stack = SubjectsWithData.Keep(stack, targetSource, progress, out _);
        NoiseCeilingBounds? ceiling = stack.SubjectCount >= 3 ? NoiseCeiling.Compute(stack, method, targetSource, pooling) : null;
        var scores = layers.Select(l =>
        {
            var each = RdmComparison.CompareToEach(l.Rdm, stack, method);
            double mean = each.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();
            return new LayerScore(l.Layer, each, mean, ceiling is { } c ? mean / c.Lower : double.NaN)
            {
                UndefinedReason = double.IsNaN(mean) ? WhyUndefined(l.Rdm, stack, method) : null,
            };
        }).ToList();
        return new LayerProfile(scores, ceiling, method) { Pooling = pooling };
    }

    /// <summary>Why a layer matches no target, with what it means for the layer's features.</summary>
    static string WhyUndefined(Rdm layer, RdmStack targets, ComparisonMethod method) =>
        UndefinedComparison.Reason(layer.Vector, targets.Vector(0), method, "layer RDM", "target RDM") switch
        {
            "layer RDM is constant" => "layer RDM is constant: the layer's features are the same for every image",
            "layer RDM is entirely NaN" => "layer RDM is entirely NaN: the layer's features are constant within every image, so their correlation (or cosine) distances are undefined",
            { } other => other,
            null => "undefined",
        };
}
