using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>How well one model RDM matches a group of subject RDMs.</summary>
public sealed class ModelScore
{
    /// <summary>The comparison method.</summary>
    public required ComparisonMethod Method { get; init; }

    /// <summary>Number of conditions n.</summary>
    public required int ConditionCount { get; init; }

    /// <summary>Time points averaged per subject (1 unless the target is MEG-shaped).</summary>
    public required int TimeCount { get; init; }

    /// <summary>Model-vs-subject comparison per subject (averaged over time points for MEG), for the subjects with data.</summary>
    public required double[] PerSubject { get; init; }

    /// <summary>Subjects (0-based indices into the target) left out because their RDMs are entirely NaN (see <see cref="SubjectsWithData"/>).</summary>
    public int[] ExcludedSubjects { get; init; } = [];

    /// <summary>The target's subject index (0-based) of each entry of <see cref="PerSubject"/>.</summary>
    public int[] SubjectIndices => Enumerable.Range(0, PerSubject.Length + ExcludedSubjects.Length).Except(ExcludedSubjects).ToArray();

    /// <summary>Why each per-subject value is NaN, e.g. "model RDM is constant" (null where it is a number).</summary>
    public string?[] PerSubjectUndefined { get; init; } = [];

    /// <summary>Why <see cref="Mean"/> is NaN: the reason every subject shares, else the first undefined subject's (null when the mean is a number).</summary>
    public string? UndefinedReason
    {
        get
        {
            if (!double.IsNaN(Mean) || PerSubjectUndefined.Length != PerSubject.Length) return null;
            int first = Array.FindIndex(PerSubjectUndefined, r => r is not null);
            if (first < 0) return null;
            bool shared = PerSubjectUndefined.All(r => r == PerSubjectUndefined[first]);
            return shared ? PerSubjectUndefined[first] : $"subject {SubjectIndices[first] + 1}: {PerSubjectUndefined[first]}";
        }
    }

    /// <summary>Mean of <see cref="PerSubject"/>.</summary>
    public required double Mean { get; init; }

    /// <summary>Mean of the squared per-subject values (the Algonauts 2019 score).</summary>
    public required double MeanR2 { get; init; }

    /// <summary>One-sample t-test of the squared per-subject values against 0 (the Algonauts p-value); null with fewer than 2 subjects.</summary>
    public TTestResult? R2Test { get; init; }

    /// <summary>Noise ceiling of the target in the comparison's units; null with fewer than 3 subjects.</summary>
    public NoiseCeilingBounds? NoiseCeiling { get; init; }

    /// <summary>How subjects' RDMs were pooled for <see cref="NoiseCeiling"/>.</summary>
    public NoiseCeilingPooling NoiseCeilingPooling { get; init; } = NoiseCeilingPooling.Matched;

    /// <summary>The noise ceiling in r² units used for <see cref="PercentOfNoiseCeiling"/>, when one applies.</summary>
    public double? NoiseCeilingR2 { get; init; }

    /// <summary>100 x <see cref="MeanR2"/> / <see cref="NoiseCeilingR2"/>.</summary>
    public double? PercentOfNoiseCeiling => NoiseCeilingR2 is { } nc ? 100 * MeanR2 / nc : null;

    /// <summary>Bootstrap over subjects, when requested.</summary>
    public BootstrapResult? BootstrapOverSubjects { get; init; }

    /// <summary>Bootstrap over conditions, when requested.</summary>
    public BootstrapResult? BootstrapOverConditions { get; init; }
}
