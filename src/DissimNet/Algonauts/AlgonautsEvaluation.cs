using DissimNet.Statistics;
using DissimNet.Rdms;

namespace DissimNet.Algonauts;

/// <summary>Scores a model RDM as the Algonauts 2019 devkit does.</summary>
/// <remarks>fMRI: score = mean over subjects of spearman(model, subject RDM)². MEG: per subject the Spearman with each
/// time point's RDM, averaged over time points, then squared and averaged over subjects. The p-value is a one-sample
/// t-test of the per-subject squares against 0; percent of noise ceiling = 100 x score / published ceiling.</remarks>
internal static class AlgonautsEvaluation
{
    /// <summary>Scores <paramref name="model"/> against an Algonauts target (subjects x n x n, or subjects x time x n x n for MEG);
    /// with an image set (92, 118 or 78) and a region, the score is also given as a percentage of the published noise ceiling
    /// (or of <paramref name="noiseCeilingR2"/> when given, which takes precedence); <paramref name="pooling"/> is how the
    /// computed leave-one-subject-out ceiling pools subjects.</summary>
    public static ModelScore Score(Rdm model, RdmStack target, AlgonautsTrack track, int? imageSet = null, AlgonautsRegion? region = null,
        int bootstrapResamples = 0, int seed = 0, IProgressSink? progress = null, string modelSource = "model", string targetSource = "target",
        double? noiseCeilingR2 = null, NoiseCeilingPooling pooling = NoiseCeilingPooling.Matched)
    {
        RequireLayout(target, track, targetSource);
        if (imageSet is { } named) RequireImageSet(target, named, targetSource);
        double? ceiling = noiseCeilingR2;
        if (ceiling is null && imageSet is { } set)
        {
            var r = region ?? throw new DissimNetException($"{targetSource}: cannot tell which Algonauts region this is; name it (EVC, IT, early or late) to use the published noise ceiling of image set {set}");
            if (PublishedNoiseCeilings.TrackOf(r) != track)
                throw new DissimNetException($"region {r} belongs to the {PublishedNoiseCeilings.TrackOf(r).ToString().ToLowerInvariant()} track, not {track.ToString().ToLowerInvariant()}");
            ceiling = PublishedNoiseCeilings.Get(set, r);
        }
        var options = new ScoreOptions { Method = ComparisonMethod.Spearman, NoiseCeilingR2 = ceiling, BootstrapResamples = bootstrapResamples, Seed = seed,
            NoiseCeilingPooling = pooling };
        return ModelEvaluation.Score(model, target, options, progress, modelSource, targetSource);
    }

    /// <summary>Fails clearly unless the target has the track's layout.</summary>
    public static void RequireLayout(RdmStack target, AlgonautsTrack track, string targetSource = "target")
    {
        if (track == AlgonautsTrack.Meg && !target.HasTimeAxis)
            throw new DissimNetException($"{targetSource}: the MEG track needs subjects x time points x n x n RDMs (4 dimensions), got {Describe(target)}");
        if (track == AlgonautsTrack.Fmri && target.HasTimeAxis)
            throw new SettingException($"{targetSource}: the fMRI track needs subjects x n x n RDMs, got a subjects x time stack ({Describe(target)}); score it as the MEG track", "AlgonautsTrack");
        if (target.LeadingShape.Length == 0 || target.SubjectCount < 2)
            throw new DissimNetException($"{targetSource}: Algonauts scoring needs RDMs of at least 2 subjects, got {Describe(target)}");
    }

    /// <summary>Fails unless the target has one condition per image of the named image set: a published noise ceiling
    /// (or a percentage of one) means nothing for RDMs of other images.</summary>
    public static void RequireImageSet(RdmStack target, int imageSet, string targetSource = "target")
    {
        int images = PublishedNoiseCeilings.ImageCount(imageSet);
        if (target.ConditionCount != images)
            throw new DissimNetException($"{targetSource}: Algonauts image set {imageSet} has {images} images, but these RDMs have {target.ConditionCount} conditions (expected {images} x {images})");
    }

    static string Describe(RdmStack s) =>
        string.Join(" x ", s.LeadingShape.Append(s.ConditionCount).Append(s.ConditionCount));
}
