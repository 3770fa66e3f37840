using DissimNet.Rdms;

namespace DissimNet.Statistics;

/// <summary>One test with its p-value corrected within its family, and whether it passes at the chosen alpha.</summary>
/// <param name="Statistic">The t statistic (NaN for bootstrap tests, which have none).</param>
/// <param name="P">The uncorrected p-value (NaN when the test is undefined).</param>
/// <param name="PCorrected">The p-value corrected for the family's multiple comparisons.</param>
/// <param name="Significant">True when <paramref name="PCorrected"/> is below alpha.</param>
public sealed record CorrectedTest(double Statistic, double P, double PCorrected, bool Significant);

/// <summary>One model's score in a comparison: its per-subject values, their mean with a standard error and interval,
/// and its tests against 0 and against the lower noise ceiling.</summary>
public sealed record ComparedModel(string Name, double[] PerSubject, double Mean, double StandardError, ConfidenceInterval Interval,
    CorrectedTest AboveZero, CorrectedTest? VersusLowerCeiling)
{
    /// <summary>Why the mean is NaN, when it is (e.g. "model RDM is constant").</summary>
    public string? UndefinedReason { get; init; }

    /// <summary>True when the model scores significantly below the lower noise ceiling.</summary>
    public bool BelowLowerCeiling => VersusLowerCeiling is { Significant: true } && VersusLowerCeilingDirection < 0;

    /// <summary>The sign of mean minus lower ceiling (set by the comparison).</summary>
    internal int VersusLowerCeilingDirection { get; init; }
}

/// <summary>The paired difference of two models (<see cref="First"/> minus <see cref="Second"/>, indices into the models).</summary>
public sealed record ModelDifference(int First, int Second, double Difference, ConfidenceInterval Interval, CorrectedTest Test);

/// <summary>Several models scored against the same subject RDMs, with every pairwise difference tested (rsatoolbox-style model comparison).</summary>
public sealed class ModelComparisonResult
{
    /// <summary>The settings the comparison ran with.</summary>
    public required ComparisonOptions Options { get; init; }

    /// <summary>Number of conditions n.</summary>
    public required int ConditionCount { get; init; }

    /// <summary>Time points averaged per subject (1 unless the target is MEG-shaped).</summary>
    public required int TimeCount { get; init; }

    /// <summary>Subjects with data, i.e. the length of every model's per-subject values.</summary>
    public required int SubjectCount { get; init; }

    /// <summary>Subjects (0-based indices into the target) left out because their RDMs are entirely NaN.</summary>
    public int[] ExcludedSubjects { get; init; } = [];

    /// <summary>The noise ceiling of the target (null with fewer than 3 subjects).</summary>
    public NoiseCeilingBounds? NoiseCeiling { get; init; }

    /// <summary>The models in the order given.</summary>
    public required IReadOnlyList<ComparedModel> Models { get; init; }

    /// <summary>Every pair of models (i &lt; j), in order (0,1), (0,2), ..., (1,2), ...</summary>
    public required IReadOnlyList<ModelDifference> Differences { get; init; }

    /// <summary>The fewest resamples with a defined value of any model, when the test is a bootstrap.</summary>
    public int? ValidResamples { get; init; }
}
