using DissimNet.Networks;
using DissimNet.Rdms;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Scores the network before training and after every epoch: the RDM of the validation images at every candidate
/// layer, the test images' the same way when there are any, and, with a read-out, the read-out fitted on the training images.</summary>
/// <remarks>Only validation scores ever choose anything; test scores are recorded beside them. What cannot change while
/// training (frozen layers' RDMs, activations at the frozen prefix's cut) is computed once, when the evaluator is prepared.</remarks>
internal sealed class EpochEvaluator : IDisposable
{
    readonly IRdmScorer scorer;
    readonly CandidateLayers layers;
    readonly TrainingData data;
    readonly HeldOutLayerRdms validation;
    readonly HeldOutLayerRdms? test;
    readonly TrainingSetRdms? readout;

    /// <summary>The validation subjects' noise ceiling; null with fewer than 3 subjects.</summary>
    public (double Lower, double Upper)? Ceiling { get; }

    EpochEvaluator(IRdmScorer scorer, CandidateLayers layers, TrainingData data, HeldOutLayerRdms validation, HeldOutLayerRdms? test,
        (double Lower, double Upper)? ceiling, TrainingSetRdms? readout)
    {
        (this.scorer, this.layers, this.data, this.validation, this.test, this.readout) = (scorer, layers, data, validation, test, readout);
        Ceiling = ceiling;
    }

    /// <summary>Preprocesses the validation (and test) images once and computes what training cannot change, forwarding from
    /// <paramref name="cut"/> when the frozen prefix is cached; the training images' too when <see cref="TrainingSettings.Readout"/> is on.</summary>
    public static EpochEvaluator Prepare(ITappableNetwork network, TrainingSettings settings, IRdmScorer scorer, CandidateLayers layers,
        TrainingData data, string? cut)
    {
        bool flip = settings.TestTimeAugmentation == TestTimeAugmentation.Flip;
        HeldOutLayerRdms HeldOut(Tensor images)
        {
            var input = network.Preprocess(images).detach();
            var rdms = new HeldOutLayerRdms(network, layers.Canonical, cut, input, settings.InferenceBatchSize, averageFlip: flip);
            if (cut is not null) input.Dispose(); // only the activations at the cut are needed from now on
            return rdms;
        }
        HeldOutLayerRdms validation;
        HeldOutLayerRdms? test;
        using (no_grad())
        {
            validation = HeldOut(data.Validation.Images);
            test = data.Test is { } testSet ? HeldOut(testSet.Images) : null;
        }
        var subjects = data.Validation.Subjects;
        var ceiling = subjects.Count >= 3 ? scorer.NoiseCeiling(subjects) : null;
        var readout = settings.Readout == ReadoutMethod.None ? null
            : TrainingSetRdms.Build(network, layers.Canonical, cut, data.Sets, settings.InferenceBatchSize, averageFlip: flip);
        return new(scorer, layers, data, validation, test, ceiling, readout);
    }

    /// <summary>Scores the network as it is now: validation, then test, then the read-out fitted for both.</summary>
    public EpochScores Evaluate()
    {
        var (val, valRdms) = Score(validation, data.Validation.Subjects);
        // Scored the same way as validation, after it; nothing reads these scores to choose anything.
        var (testScores, testRdms) = test is { } heldOut && data.Test is { } testSet ? Score(heldOut, testSet.Subjects) : (null, null);
        var scores = new EpochScores(val, valRdms, testScores, testRdms);
        return readout is null ? scores : scores with { Readout = AddReadout(readout, scores) };
    }

    /// <summary>Validation scores relative to the noise ceiling's lower bound; null without a positive lower bound.</summary>
    public Dictionary<string, double>? RelativeToCeiling(Dictionary<string, double> val) =>
        Ceiling is { Lower: > 0 } c ? val.ToDictionary(kv => kv.Key, kv => kv.Value / c.Lower) : null;

    /// <summary>The test record of a run with test images, holding their noise ceiling and the untrained network's <paramref name="baseline"/> scores.</summary>
    public TestRecord NewTestRecord(ValidationSet testSet, Dictionary<string, double> baseline) => new()
    {
        Images = testSet.Count,
        Subjects = testSet.Subjects.Count,
        Source = testSet.Source,
        NoiseCeiling = testSet.Subjects.Count >= 3 && scorer.NoiseCeiling(testSet.Subjects) is { } c ? new CeilingRecord(c.Lower, c.Upper) : null,
        Baseline = baseline,
    };

    /// <summary>The score of the RDM at every candidate layer, and the RDMs, both keyed by the layers' labels.</summary>
    (Dictionary<string, double> Scores, Dictionary<string, Rdm> Rdms) Score(HeldOutLayerRdms heldOut, RdmStack subjects)
    {
        var rdms = layers.ByLabel(heldOut.Rdms());
        return (rdms.ToDictionary(kv => kv.Key, kv => scorer.Score(kv.Value, subjects)), rdms);
    }

    /// <summary>Fits the read-out's weights on the training images' layer RDMs and adds its RDM and score to the validation
    /// (and test) maps under <see cref="LayerReadout.Name"/>, after the layers; returns the weights.</summary>
    ReadoutRecord AddReadout(TrainingSetRdms training, EpochScores scores)
    {
        var sets = training.Rdms().Select((rdms, s) => ((IReadOnlyDictionary<string, Rdm>)layers.ByLabel(rdms), data.Sets[s].Target)).ToList();
        var fitted = LayerReadout.Fit(sets, layers.Labels);
        var valRdm = LayerReadout.Combine(fitted, scores.ValRdms);
        scores.ValRdms[LayerReadout.Name] = valRdm;
        scores.Val[LayerReadout.Name] = scorer.Score(valRdm, data.Validation.Subjects);
        if (scores is { Test: { } testScores, TestRdms: { } testRdms } && data.Test is { } testSet)
        {
            var testRdm = LayerReadout.Combine(fitted, testRdms);
            testRdms[LayerReadout.Name] = testRdm;
            testScores[LayerReadout.Name] = scorer.Score(testRdm, testSet.Subjects);
        }
        return fitted;
    }

    /// <summary>Frees the held-out and training-set activations and RDMs kept for scoring.</summary>
    public void Dispose()
    {
        validation.Dispose();
        test?.Dispose();
        readout?.Dispose();
    }
}

/// <summary>One evaluation's scores and RDMs per layer label: of the validation images, and of the test images when there are
/// any; with a read-out, its fitted weights (its score and RDM are then in the maps under <see cref="LayerReadout.Name"/>).</summary>
internal sealed record EpochScores(Dictionary<string, double> Val, Dictionary<string, Rdm> ValRdms,
    Dictionary<string, double>? Test, Dictionary<string, Rdm>? TestRdms)
{
    /// <summary>The read-out's weights; null without a read-out.</summary>
    public ReadoutRecord? Readout { get; init; }
}
