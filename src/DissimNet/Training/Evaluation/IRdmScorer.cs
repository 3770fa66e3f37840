using DissimNet.Rdms;

namespace DissimNet.Training;

/// <summary>Scores a predicted RDM against subjects' RDMs, and gives their noise ceiling (the RSA code implements it).</summary>
public interface IRdmScorer
{
    /// <summary>Short description for the summary, e.g. "mean Spearman over subjects".</summary>
    string Method { get; }

    /// <summary>The score of <paramref name="predicted"/> against the subjects (e.g. mean Spearman r over subjects).</summary>
    double Score(Rdm predicted, RdmStack subjects);

    /// <summary>Lower and upper noise ceiling of the subjects for the same score, or null when it cannot be estimated (fewer than 3 subjects).</summary>
    (double Lower, double Upper)? NoiseCeiling(RdmStack subjects);
}
