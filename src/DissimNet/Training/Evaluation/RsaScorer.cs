using DissimNet.Statistics;
using DissimNet.Rdms;

namespace DissimNet.Training;

/// <summary>Scores validation RDMs with the RSA code: mean comparison (Spearman by default) over subjects, and the leave-one-subject-out noise ceiling.</summary>
public sealed class RsaScorer(ComparisonMethod method = ComparisonMethod.Spearman, NoiseCeilingPooling pooling = NoiseCeilingPooling.Matched) : IRdmScorer
{
    /// <summary>The comparison used for both the score and the ceiling.</summary>
    public ComparisonMethod Comparison => method;

    /// <summary>How subjects' RDMs are pooled for the noise ceiling.</summary>
    public NoiseCeilingPooling Pooling => pooling;

    /// <inheritdoc/>
    public string Method => $"mean {method.Name()} over subjects";

    /// <inheritdoc/>
    public double Score(Rdm predicted, RdmStack subjects) => RdmComparison.PerSubject(predicted, subjects, method).Average();

    /// <inheritdoc/>
    public (double Lower, double Upper)? NoiseCeiling(RdmStack subjects)
    {
        if (subjects.Count < 3) return null;
        var bounds = Statistics.NoiseCeiling.Compute(subjects, method, "validation target", pooling);
        return (bounds.Lower, bounds.Upper);
    }
}
