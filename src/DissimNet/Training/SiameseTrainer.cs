using System.Diagnostics;
using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Trains a network so that 1 - Pearson r between two images' features at one layer matches their neural dissimilarity.</summary>
/// <remarks>
/// Both images of a pair go through the same weights (a Siamese pair of weight-sharing branches). Each batch's loss
/// is computed over its pairs (<see cref="DissimilarityLoss"/>) and minimised by torch.optim.SGD (or Adam/AdamW, see
/// <see cref="TrainingOptimizers"/>) over the parameters that are not frozen, optionally pulled towards their starting
/// values (<see cref="L2SpPenalty"/>) and stopped early (<see cref="EarlyStopping"/>). The network stays in eval mode: dropout is off and batch-norm uses its stored statistics,
/// so frozen layers really stay fixed and a batch's loss does not depend on which other images share it.
/// Before training and after every epoch the RDM of the validation images is scored at every candidate layer, and so is the
/// RDM of the test images when there are any; only validation scores choose the best (layer, epoch), test scores are only recorded.
/// Runs are reproducible: every shuffle comes from (seed, epoch) and torch is seeded; a randomly initialised network
/// must be created after seeding torch (torch.random.manual_seed) for its starting weights to repeat too.
/// This class is the epoch loop; its parts are the inputs (<see cref="FrozenPrefix"/>, <see cref="TrainingInputs"/>), the batch
/// step (<see cref="SiameseBatchStep"/>), the scoring (<see cref="EpochEvaluator"/>) and the writing (<see cref="RunCommitter"/>).
/// </remarks>
public sealed class SiameseTrainer
{
    readonly ITappableNetwork network;
    readonly TrainingSettings settings;
    readonly IRdmScorer scorer;
    readonly IProgressSink progress;
    readonly string trainLayer;
    readonly CandidateLayers candidates;
    readonly SiameseBatchStep step;

    /// <summary>Raised after the baseline and after every committed epoch, with the summary so far (for live validation tables).</summary>
    public event Action<TrainingSummary>? EpochFinished;

    /// <summary>Prepares a trainer; nothing runs until <see cref="Run"/>.</summary>
    public SiameseTrainer(ITappableNetwork network, TrainingSettings settings, IRdmScorer scorer, IProgressSink? progress = null)
    {
        settings.Validate();
        ConvolutionGuard.EnsureVerified();
        this.network = network;
        this.settings = settings;
        this.scorer = scorer;
        this.progress = progress ?? NullProgress.Instance;
        trainLayer = network.Resolve(settings.TrainLayer);
        candidates = new CandidateLayers(network, settings.CandidateLayers);
        step = new SiameseBatchStep(network, trainLayer, settings);
    }

    /// <summary>Trains into <paramref name="folder"/>, or continues the run already there when <paramref name="resume"/> is set.</summary>
    /// <returns>The final summary (also written to summary.json).</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancel"/> fires; the folder then holds the last finished epoch.</exception>
    /// <exception cref="NonFiniteTrainingException">When a batch's loss or gradient, or the weights after an epoch, hold NaN or
    /// infinity; the folder then holds the last finished epoch and is not marked complete.</exception>
    public TrainingSummary Run(TrainingData data, string folder, bool resume = false, CancellationToken cancel = default)
    {
        ValidateData(data);
        using var scope = NewDisposeScope();
        random.manual_seed(settings.Seed);
        // Every setting is checked before the folder exists, so a refused run leaves no empty folder behind.
        var frozen = FrozenPrefix.Freeze(network, settings, trainLayer);
        var run = RunCommitter.Open(folder, resume, network, settings, data);
        try
        {
            var inputs = TrainingInputs.Prepare(network, settings, data.Sets, frozen.Cut);
            using var evaluator = EpochEvaluator.Prepare(network, settings, scorer, candidates, data, frozen.Cut);
            var optimizer = TrainingOptimizers.Create(frozen.Plan.Trainable.Select(p => p.Parameter), settings);
            // Captured before a resume loads its checkpoint: w0 is the network at epoch 0, whatever epoch the run resumes from.
            using var l2sp = StartingWeightsPenalty(frozen.Plan, run);
            var epochs = new EpochParts(data, inputs, frozen.Plan, optimizer, l2sp, evaluator);
            var summary = run.Resuming ? run.Resume(optimizer) : StartWithBaseline(run, frozen, evaluator, optimizer);
            for (int epoch = summary.Epochs.Count + 1; epoch <= settings.Epochs; epoch++)
            {
                // Decided from the committed summary alone, so a resumed (or already stopped) run stops where the uninterrupted one did.
                if (EarlyStopping.ShouldStop(epoch - 1, summary.Best?.Epoch ?? 0, settings.Patience))
                {
                    summary.StoppedEarlyAfter = epoch - 1;
                    progress.Note($"early stop: the best validation score (epoch {summary.Best?.Epoch ?? 0}) has not improved for {settings.Patience} epoch{(settings.Patience == 1 ? "" : "s")}");
                    break;
                }
                NativeHeap.Trim(); // what the baseline or the last epoch freed
                var (record, scores) = TrainEpoch(epoch, epochs, summary, cancel);
                run.CommitEpoch(summary, record, scores, optimizer);
                progress.Note($"epoch {record.Epoch}: train loss {record.TrainLoss:F4}; {LayerScores.Describe(record.Val)}");
                EpochFinished?.Invoke(summary);
            }
            run.Finish(summary);
            return summary;
        }
        catch when (run.Created)
        {
            run.Folder.DeleteIfEmpty();
            throw;
        }
    }

    /// <summary>What every epoch of one run works with: the data, the training inputs, the trained parameters, the optimizer,
    /// the L2-SP pull (null when off) and the evaluator.</summary>
    sealed record EpochParts(TrainingData Data, TrainingInputs Inputs, FreezePlan Plan, optim.Optimizer Optimizer, L2SpPenalty? L2Sp,
        EpochEvaluator Evaluator);

    /// <summary>Refuses invalid training sets, and validation or test images too few (under 3) for an RDM to be scored.</summary>
    static void ValidateData(TrainingData data)
    {
        foreach (var set in data.Sets) set.Validate();
        if (data.Validation.Count < 3)
            throw new DissimNetException($"{data.Validation.Source}: validation needs at least 3 images, got {data.Validation.Count}");
        if (data.Test is { Count: < 3 } test)
            throw new DissimNetException($"{test.Source}: the test needs at least 3 images, got {test.Count}");
    }

    /// <summary>The L2-SP penalty around the epoch-0 weights, or null when it is off: a new run takes the network as it is now
    /// (before any step); a resumed run reads its epoch-0 checkpoint, the exact starting point, rather than trusting the
    /// re-created network to match it.</summary>
    L2SpPenalty? StartingWeightsPenalty(FreezePlan plan, RunCommitter run)
    {
        if (settings.L2Sp == 0) return null;
        if (!run.Resuming) return L2SpPenalty.FromCurrent(settings.L2Sp, plan.Trainable);
        using var scope = NewDisposeScope();
        return new L2SpPenalty(settings.L2Sp, plan.Trainable, run.Folder.ReadStartingWeights());
    }

    /// <summary>Scores the untrained network (epoch 0), saves it and writes the first summary.</summary>
    TrainingSummary StartWithBaseline(RunCommitter run, FrozenPrefix frozen, EpochEvaluator evaluator, optim.Optimizer optimizer)
    {
        var summary = run.NewSummary(candidates.LabelOf(trainLayer), scorer.Method, frozen, evaluator.Ceiling);
        run.CommitBaseline(summary, evaluator.Evaluate(), evaluator, optimizer);
        progress.Note($"baseline: {LayerScores.Describe(summary.Baseline)}");
        EpochFinished?.Invoke(summary);
        return summary;
    }

    /// <summary>One epoch of optimizer steps, then the scores; nothing is written (a non-finite value stops before anything is).</summary>
    (EpochRecord Record, EpochScores Scores) TrainEpoch(int epoch, EpochParts parts, TrainingSummary summary, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var sets = parts.Data.Sets;
        var trainImages = sets.Select(s => Enumerable.Range(0, s.Count).ToArray()).ToArray();
        var batches = EpochSchedule.Build(sets, trainImages, settings.Pairing, settings.BatchSize, settings.Seed, epoch, settings.BatchesPerEpoch);
        double lossSum = 0;
        long pairs = 0;
        double rate = LearningRateSchedules.Rate(settings, epoch);
        foreach (var group in parts.Optimizer.ParamGroups) group.LearningRate = rate;
        progress.Begin($"epoch {epoch}/{settings.Epochs}", batches.Count);
        for (int b = 0; b < batches.Count; b++)
        {
            cancel.ThrowIfCancellationRequested();
            var (loss, problem) = step.Take(batches[b], parts.Inputs.Sets, parts.Inputs.Cut, parts.Optimizer, parts.Plan.Trainable,
                parts.Inputs.Gather(epoch, b), parts.L2Sp);
            NativeHeap.CollectFinalizable();
            if (problem is not null) throw Stopped(problem, "of", epoch, b + 1, summary);
            lossSum += loss * batches[b].PairCount;
            pairs += batches[b].PairCount;
            progress.Report(b + 1, $"loss {loss:F4}, {clock.Elapsed.TotalSeconds:F1} s");
        }
        progress.End();
        cancel.ThrowIfCancellationRequested();
        // Finite gradients can still step to infinite weights; nothing of this epoch may be written then.
        if (FiniteCheck.Weights(parts.Plan.Trainable) is { } overflow) throw Stopped(overflow, "after", epoch, batches.Count, summary);
        double trainSeconds = clock.Elapsed.TotalSeconds;
        var scores = parts.Evaluator.Evaluate();
        var record = new EpochRecord
        {
            Epoch = epoch,
            TrainLoss = lossSum / Math.Max(1, pairs),
            LearningRate = rate,
            Val = scores.Val,
            ValRelative = parts.Evaluator.RelativeToCeiling(scores.Val),
            Test = scores.Test,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            TrainSeconds = Math.Round(trainSeconds, 3),
            Readout = scores.Readout,
        };
        return (record, scores);
    }

    /// <summary>The error for a non-finite value met in (or, with <paramref name="preposition"/> "after", at the end of) a batch;
    /// the last good epoch is the one summary.json names.</summary>
    static NonFiniteTrainingException Stopped(NonFiniteValue problem, string preposition, int epoch, int batch, TrainingSummary summary) =>
        new($"{problem.Subject} {preposition} epoch {epoch}, batch {batch} {problem.State}", epoch, batch, summary.Checkpoint?.Epoch ?? epoch - 1);
}
