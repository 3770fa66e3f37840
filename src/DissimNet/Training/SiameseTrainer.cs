using System.Diagnostics;
using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using DissimNet.Rdms;
using TorchSharp;
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
/// </remarks>
public sealed class SiameseTrainer
{
    readonly ITappableNetwork network;
    readonly TrainingSettings settings;
    readonly IRdmScorer scorer;
    readonly IProgressSink progress;
    readonly string trainLayer;
    readonly string[] candidates;
    readonly string[] labels;

    /// <summary>Raised after the baseline and after every committed epoch, with the summary so far (for live validation tables).</summary>
    public event Action<TrainingSummary>? EpochFinished;

    /// <summary>Prepares a trainer; nothing runs until <see cref="Run"/>.</summary>
    public SiameseTrainer(ITappableNetwork network, TrainingSettings settings, IRdmScorer scorer, IProgressSink? progress = null)
    {
        settings.Validate();
        Networks.Runtime.ConvolutionGuard.EnsureVerified();
        this.network = network;
        this.settings = settings;
        this.scorer = scorer;
        this.progress = progress ?? NullProgress.Instance;
        trainLayer = network.Resolve(settings.TrainLayer);
        // Scores are keyed by the names the user chose (e.g. "stage4" rather than an ONNX node name), one per distinct layer.
        var named = (settings.CandidateLayers ?? network.Layers).Select(l => (Label: l.Trim(), Canonical: network.Resolve(l)))
            .DistinctBy(l => l.Canonical).ToArray();
        candidates = named.Select(l => l.Canonical).ToArray();
        labels = named.Select(l => l.Label).ToArray();
    }

    /// <summary>The name scores are keyed by for a canonical layer: the candidate's name as requested, else the canonical name.</summary>
    string Label(string canonical) => Array.IndexOf(candidates, canonical) is >= 0 and var i ? labels[i] : canonical;

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
        var (plan, trainIndex) = PlanFreezing();
        var (run, previous, created) = OpenRunFolder(data, folder, resume);
        try
        {
            var state = PrepareInputs(data, plan, trainIndex, run);
            using var validation = state.Validation;
            using var readoutRdms = state.Readout;
            bool resuming = previous is { Checkpoint: not null };
            // Captured before a resume loads its checkpoint: w0 is the network at epoch 0, whatever epoch the run resumes from.
            using var l2sp = StartingWeightsPenalty(plan, run, resuming);
            state = state with { L2Sp = l2sp };
            var summary = resuming ? ResumeFrom(previous!, state) : StartWithBaseline(data, state);
            for (int epoch = summary.Epochs.Count + 1; epoch <= settings.Epochs; epoch++)
            {
                // Decided from the committed summary alone, so a resumed (or already stopped) run stops where the uninterrupted one did.
                if (EarlyStopping.ShouldStop(epoch - 1, summary.Best?.Epoch ?? 0, settings.Patience))
                {
                    summary.StoppedEarlyAfter = epoch - 1;
                    progress.Note($"early stop: the best validation score (epoch {summary.Best?.Epoch ?? 0}) has not improved for {settings.Patience} epoch{(settings.Patience == 1 ? "" : "s")}");
                    break;
                }
                Networks.Runtime.NativeHeap.Trim(); // what the baseline or the last epoch freed
                var (record, rdms) = TrainEpoch(epoch, data, state, summary, cancel);
                CommitEpoch(record, rdms, data, state, summary);
            }
            if (!summary.Complete)
            {
                summary.Complete = true;
                run.WriteSummary(summary);
            }
            return summary;
        }
        catch when (created)
        {
            run.DeleteIfEmpty();
            throw;
        }
    }

    /// <summary>What one run holds while it trains: its folder, the frozen plan, the (possibly cached) inputs and the optimizer.</summary>
    sealed record RunState(RunFolder Folder, FreezePlan Plan, List<Tensor> Inputs, string? Cut, HeldOutLayerRdms Validation,
        (double Lower, double Upper)? Ceiling, optim.Optimizer Optimizer)
    {
        /// <summary>The test images' layer RDMs, computed through the same path as validation; null without test images.</summary>
        public HeldOutLayerRdms? Test { get; init; }

        /// <summary>The training images' layer RDMs the read-out is fitted on; null without a read-out.</summary>
        public TrainingSetRdms? Readout { get; init; }
        /// <summary>How batches pick augmented views; null without augmentation (inputs are used as they are).</summary>
        public TrainingViews? Views { get; init; }
        /// <summary>The L2-SP pull towards the epoch-0 weights; null when <see cref="TrainingSettings.L2Sp"/> is 0.</summary>
        public L2SpPenalty? L2Sp { get; init; }
    }

    /// <summary>Checks the data, creates the folder, and loads the summary of a run to resume (refusing one that differs).</summary>
    (RunFolder Run, TrainingSummary? Previous, bool Created) OpenRunFolder(TrainingData data, string folder, bool resume)
    {
        var run = new RunFolder(folder);
        bool created = run.Create();
        if (!run.HasSummary) return (run, null, created);
        if (!resume) throw new SettingException($"{folder}: already holds a training run (summary.json); resume it or choose another folder", "Resume", "Out");
        var previous = TrainingSummary.Load(run.SummaryPath);
        CheckResumable(previous, data, run.SummaryPath);
        return (run, previous, created);
    }

    static void ValidateData(TrainingData data)
    {
        foreach (var set in data.Sets) set.Validate();
        if (data.Validation.Count < 3)
            throw new DissimNetException($"{data.Validation.Source}: validation needs at least 3 images, got {data.Validation.Count}");
        if (data.Test is { Count: < 3 } test)
            throw new DissimNetException($"{test.Source}: the test needs at least 3 images, got {test.Count}");
    }

    /// <summary>Which parameters train (the rest get requires_grad = false); puts the network in eval mode.</summary>
    (FreezePlan Plan, int TrainIndex) PlanFreezing()
    {
        int trainIndex = FreezeSpec.IndexOf(network, trainLayer);
        var plan = FreezeSpec.Parse(settings.Freeze).Apply(network, trainIndex);
        if (plan.Trainable.Count == 0)
            throw new SettingException($"freezing {settings.Freeze} leaves no parameter of {network.Architecture} that feeds the train layer {settings.TrainLayer} free to train",
                nameof(TrainingSettings.Freeze), nameof(TrainingSettings.TrainLayer));
        network.Module.eval();
        return (plan, trainIndex);
    }

    /// <summary>Preprocesses every image once, caches the frozen prefix's activations where it can, and builds the optimizer.</summary>
    RunState PrepareInputs(TrainingData data, FreezePlan plan, int trainIndex, RunFolder run)
    {
        var inputs = new List<Tensor>();
        using (no_grad())
            foreach (var set in data.Sets) inputs.Add(network.Preprocess(set.Images).detach());
        var cut = settings.CacheFrozenPrefix ? CachedCut(plan.FirstTrainableLayer, trainIndex) : null;
        TrainingViews? views = null;
        if (settings.Augment != Augmentation.None)
            views = cut is null ? TrainingViews.OnTheFly(settings.Augment, settings.Seed)
                : TrainingViews.Cache(settings.Augment, settings.AugmentViews, settings.Seed, inputs, x => Activations(x, cut));
        else if (cut is not null)
            for (int s = 0; s < inputs.Count; s++) inputs[s] = Activations(inputs[s], cut);
        HeldOutLayerRdms validation;
        HeldOutLayerRdms? testRdms = null;
        using (no_grad())
        {
            var input = network.Preprocess(data.Validation.Images).detach();
            bool flip = settings.TestTimeAugmentation == TestTimeAugmentation.Flip;
            validation = new HeldOutLayerRdms(network, candidates, cut, input, settings.InferenceBatchSize, averageFlip: flip);
            if (cut is not null) input.Dispose(); // only the activations at the cut are needed from now on
            if (data.Test is { } test)
            {
                var testInput = network.Preprocess(test.Images).detach();
                testRdms = new HeldOutLayerRdms(network, candidates, cut, testInput, settings.InferenceBatchSize, averageFlip: flip);
                if (cut is not null) testInput.Dispose();
            }
        }
        var subjects = data.Validation.Subjects;
        var ceiling = subjects.Count >= 3 ? scorer.NoiseCeiling(subjects) : null;
        var optimizer = TrainingOptimizers.Create(plan.Trainable.Select(p => p.Parameter), settings);
        var readout = settings.Readout == ReadoutMethod.None ? null : TrainingSetRdms.Build(network, candidates, cut, data.Sets, settings.InferenceBatchSize,
            averageFlip: settings.TestTimeAugmentation == TestTimeAugmentation.Flip);
        return new RunState(run, plan, inputs, cut, validation, ceiling, optimizer) { Test = testRdms, Readout = readout, Views = views };
    }

    /// <summary>The L2-SP penalty around the epoch-0 weights, or null when it is off: a new run takes the network as it is now
    /// (before any step); a resumed run reads its epoch-0 checkpoint, the exact starting point, rather than trusting the
    /// re-created network to match it.</summary>
    L2SpPenalty? StartingWeightsPenalty(FreezePlan plan, RunFolder run, bool resuming)
    {
        if (settings.L2Sp == 0) return null;
        if (!resuming) return L2SpPenalty.FromCurrent(settings.L2Sp, plan.Trainable);
        using var scope = NewDisposeScope();
        return new L2SpPenalty(settings.L2Sp, plan.Trainable, run.ReadStartingWeights());
    }

    /// <summary>Loads the last finished epoch's weights and optimizer state and continues its summary.</summary>
    TrainingSummary ResumeFrom(TrainingSummary previous, RunState state)
    {
        state.Folder.Load(previous.Checkpoint!, network.Module, state.Optimizer);
        // The saved optimizer state carries the learning rate it was saved with; a resumed run may lower it (e.g. after a NaN loss).
        foreach (var group in state.Optimizer.ParamGroups) group.LearningRate = settings.LearningRate;
        previous.StoppedEarlyAfter = null; // decided again below, under the settings of this session
        previous.Settings = settings;
        previous.Device = Networks.Runtime.ComputeDevice.Describe(Networks.Runtime.ComputeDevice.Of(network.Module));
        previous.Threads = torch.get_num_threads();
        previous.Complete = false;
        return previous;
    }

    /// <summary>Scores the untrained network (epoch 0), saves it and writes the first summary.</summary>
    TrainingSummary StartWithBaseline(TrainingData data, RunState state)
    {
        var run = state.Folder;
        var summary = NewSummary(data, state.Plan, state.Cut, state.Ceiling);
        var (baseline, baselineRdms) = Score(state.Validation, data.Validation.Subjects);
        // The test images are scored below, after the summary has its best; the read-out is fitted once for both.
        var baselineTest = data.Test is { } t0 && state.Test is { } testHeldOut ? Score(testHeldOut, t0.Subjects) : default;
        summary.BaselineReadout = AddReadout(state, data, (baseline, baselineRdms), baselineTest);
        summary.Baseline = baseline;
        summary.Final = summary.Baseline;
        summary.Best = Best(summary.Baseline, 0, null);
        if (settings.Keep != CheckpointKeep.Last) run.SaveBest(network.Module); // the starting network, kept exact
        var baselineBest = summary.Best is { } first ? baselineRdms.GetValueOrDefault(first.Layer)?.Vector : null;
        run.WriteHeldOutRdms(data.Validation.MeanTarget().ToSquare(), baselineBest, baselineBest);
        if (data.Validation.Categories is { } categories) run.WriteCategories(categories);
        if (data.Test is { } test && state.Test is not null)
        {
            var (testScores, testRdms) = baselineTest;
            summary.Test = NewTestRecord(test, testScores);
            TestScores.Update(summary);
            var pretrained = summary.Test.Pretrained is { } p ? testRdms.GetValueOrDefault(p.Layer)?.Vector : null;
            run.WriteTestRdms(test.MeanTarget().ToSquare(), pretrained, pretrained);
        }
        summary.Checkpoint = run.SaveEpoch(0, network.Module, state.Optimizer);
        run.WriteSummary(summary);
        progress.Note($"baseline: {LayerScores.Describe(summary.Baseline)}");
        EpochFinished?.Invoke(summary);
        return summary;
    }

    /// <summary>One epoch of SGD steps, then the validation scores; nothing is written (a non-finite value stops before anything is).</summary>
    (EpochRecord Record, EpochRdms Rdms) TrainEpoch(int epoch, TrainingData data, RunState state, TrainingSummary summary, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var trainImages = data.Sets.Select(s => Enumerable.Range(0, s.Count).ToArray()).ToArray();
        var batches = EpochSchedule.Build(data.Sets, trainImages, settings.Pairing, settings.BatchSize, settings.Seed, epoch, settings.BatchesPerEpoch);
        double lossSum = 0;
        long pairs = 0;
        double rate = LearningRateSchedules.Rate(settings, epoch);
        foreach (var group in state.Optimizer.ParamGroups) group.LearningRate = rate;
        progress.Begin($"epoch {epoch}/{settings.Epochs}", batches.Count);
        for (int b = 0; b < batches.Count; b++)
        {
            cancel.ThrowIfCancellationRequested();
            int batchIndex = b;
            Func<TrainingBatch, Tensor>? gather = state.Views is { } views ? batch => views.Gather(batch, state.Inputs, epoch, batchIndex) : null;
            var (loss, problem) = Step(batches[b], state.Inputs, state.Cut, state.Optimizer, state.Plan.Trainable, gather, state.L2Sp);
            Networks.Runtime.NativeHeap.CollectFinalizable();
            if (problem is not null) throw Stopped(problem, "of", epoch, b + 1, summary);
            lossSum += loss * batches[b].PairCount;
            pairs += batches[b].PairCount;
            progress.Report(b + 1, $"loss {loss:F4}, {clock.Elapsed.TotalSeconds:F1} s");
        }
        progress.End();
        cancel.ThrowIfCancellationRequested();
        // Finite gradients can still step to infinite weights; nothing of this epoch may be written then.
        if (FiniteCheck.Weights(state.Plan.Trainable) is { } overflow) throw Stopped(overflow, "after", epoch, batches.Count, summary);
        double trainSeconds = clock.Elapsed.TotalSeconds;

        var (val, rdms) = Score(state.Validation, data.Validation.Subjects);
        // Scored the same way as validation, after it; nothing below reads these scores to choose anything.
        var (testScores, testRdms) = state.Test is { } testSet && data.Test is { } test ? Score(testSet, test.Subjects) : (null, null);
        var readout = AddReadout(state, data, (val, rdms), (testScores, testRdms));
        var record = new EpochRecord
        {
            Epoch = epoch,
            TrainLoss = lossSum / Math.Max(1, pairs),
            LearningRate = rate,
            Val = val,
            ValRelative = state.Ceiling is { Lower: > 0 } c ? val.ToDictionary(kv => kv.Key, kv => kv.Value / c.Lower) : null,
            Test = testScores,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            TrainSeconds = Math.Round(trainSeconds, 3),
            Readout = readout,
        };
        return (record, new EpochRdms(rdms, testRdms));
    }

    /// <summary>One epoch's RDMs per layer label: of the validation images, and of the test images when there are any.</summary>
    sealed record EpochRdms(Dictionary<string, Rdm> Val, Dictionary<string, Rdm>? Test);

    /// <summary>Saves the epoch's checkpoint (and the best weights and RDMs when it improved), then the summary: the commit point of a resume.</summary>
    void CommitEpoch(EpochRecord record, EpochRdms rdms, TrainingData data, RunState state, TrainingSummary summary)
    {
        var run = state.Folder;
        var best = Best(record.Val, record.Epoch, summary.Best);
        if (best is not null && best != summary.Best)
        {
            if (settings.Keep != CheckpointKeep.Last) run.SaveBest(network.Module, settings.CheckpointPrecision);
            run.WriteHeldOutRdms(data.Validation.MeanTarget().ToSquare(), run.ReadHeldOutRdm(RunFolder.BaselineRdmName), rdms.Val.GetValueOrDefault(best.Layer)?.Vector);
            if (data.Test is { } test && rdms.Test is { } testRdms)
                run.WriteTestRdms(test.MeanTarget().ToSquare(), run.ReadTestRdm(RunFolder.TestBaselineRdmName), testRdms.GetValueOrDefault(best.Layer)?.Vector);
        }
        summary.Best = best;
        summary.Epochs.Add(record);
        summary.Final = record.Val;
        TestScores.Update(summary);
        summary.Checkpoint = run.SaveEpoch(record.Epoch, network.Module, state.Optimizer, settings.CheckpointPrecision);
        summary.Complete = record.Epoch == settings.Epochs;
        run.WriteSummary(summary);
        run.Prune(settings.Keep, record.Epoch);
        progress.Note($"epoch {record.Epoch}: train loss {record.TrainLoss:F4}; {LayerScores.Describe(record.Val)}");
        EpochFinished?.Invoke(summary);
    }

    /// <summary>One SGD step on one batch; returns the batch loss, or what was not finite (then the weights are left as they were).</summary>
    internal (double Loss, NonFiniteValue? Problem) Step(TrainingBatch batch, IReadOnlyList<Tensor> inputs, string? cut, optim.Optimizer optimizer,
        IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> trained, Func<TrainingBatch, Tensor>? gather = null,
        L2SpPenalty? l2sp = null)
    {
        using var scope = NewDisposeScope();
        // Gradients are dropped rather than zeroed (PyTorch 2's zero_grad default): backward then writes each one once
        // instead of zero-filling it and adding into it, and the result is the same (0 + g = g).
        foreach (var (_, parameter) in trained) parameter.grad = null;
        var loss = BatchLoss(batch, inputs, cut, gather);
        loss.backward();
        double value = ScalarArithmetic.ToDouble(loss);
        if (FiniteCheck.LossAndGradients(value, trained) is { } problem) return (value, problem);
        l2sp?.AddGradient();
        optimizer.step();
        return (value, null);
    }

    /// <summary>The error for a non-finite value met in (or, with <paramref name="preposition"/> "after", at the end of) a batch;
    /// the last good epoch is the one summary.json names.</summary>
    static NonFiniteTrainingException Stopped(NonFiniteValue problem, string preposition, int epoch, int batch, TrainingSummary summary) =>
        new($"{problem.Subject} {preposition} epoch {epoch}, batch {batch} {problem.State}", epoch, batch, summary.Checkpoint?.Epoch ?? epoch - 1);

    /// <summary>The loss of one batch: gathers its inputs (images, or cached activations at <paramref name="cut"/>; through
    /// <paramref name="gather"/> when augmenting), forwards them once, compares 1 - r with the targets.</summary>
    internal Tensor BatchLoss(TrainingBatch batch, IReadOnlyList<Tensor> inputs, string? cut, Func<TrainingBatch, Tensor>? gather = null)
    {
        var x = gather is null ? stack(batch.Inputs.Select(r => inputs[r.Set][r.Image]).ToArray()) : gather(batch);
        var outputs = cut is null ? network.Forward(x, [trainLayer]) : network.ForwardFrom(cut, x, [trainLayer]);
        var features = outputs[trainLayer];
        // One k x k product serves every pair of the batch, also when images repeat (pair batching).
        var z = CorrelationDistance.Standardize(features);
        int k = (int)z.shape[0];
        var flat = batch.First.Select((f, p) => f * k + batch.Second[p]).ToArray();
        var predicted = ScalarArithmetic.Rsub(z.matmul(z.t()).flatten().index_select(0, tensor(flat, device: z.device)), 1);
        var observed = tensor(batch.Targets, dtype: predicted.dtype, device: predicted.device);
        return DissimilarityLosses.Compute(settings.Loss, predicted, observed);
    }

    /// <summary>The deepest cut point before the first trained layer (and not after the train layer), or null when nothing can be cached.</summary>
    string? CachedCut(int firstTrainable, int trainIndex)
    {
        for (int i = Math.Min(firstTrainable - 1, trainIndex - 1); i >= 0; i--)
            if (network.IsCutPoint(network.Layers[i])) return network.Layers[i];
        return null;
    }

    /// <summary>A layer's activations for every input, computed without gradients in inference-size chunks.</summary>
    Tensor Activations(Tensor input, string layer)
    {
        using var _ = no_grad();
        var chunks = new List<Tensor>();
        for (long start = 0; start < input.shape[0]; start += settings.InferenceBatchSize)
        {
            var chunk = input.narrow(0, start, Math.Min(settings.InferenceBatchSize, input.shape[0] - start));
            chunks.Add(network.Forward(chunk, [layer])[layer].detach());
        }
        return cat(chunks, 0);
    }

    /// <summary>The validation score of the RDM at every candidate layer, and the RDMs, both keyed by the layers' labels.</summary>
    internal (Dictionary<string, double> Scores, Dictionary<string, Rdm> Rdms) Score(HeldOutLayerRdms heldOut, RdmStack subjects)
    {
        var rdms = heldOut.Rdms().ToDictionary(kv => Label(kv.Key), kv => kv.Value);
        return (rdms.ToDictionary(kv => kv.Key, kv => scorer.Score(kv.Value, subjects)), rdms);
    }

    /// <summary>With a read-out: fits its weights on the training images' layer RDMs and adds its score and RDM to the
    /// validation (and test) maps under <see cref="LayerReadout.Name"/>, after the layers; returns the weights (null without a read-out).</summary>
    ReadoutRecord? AddReadout(RunState state, TrainingData data, (Dictionary<string, double> Scores, Dictionary<string, Rdm> Rdms) val,
        (Dictionary<string, double>? Scores, Dictionary<string, Rdm>? Rdms) test)
    {
        if (state.Readout is not { } training) return null;
        var sets = training.Rdms().Select((rdms, s) => ((IReadOnlyDictionary<string, Rdm>)rdms.ToDictionary(kv => Label(kv.Key), kv => kv.Value), data.Sets[s].Target)).ToList();
        var readout = LayerReadout.Fit(sets, labels);
        var valRdm = LayerReadout.Combine(readout, val.Rdms);
        val.Rdms[LayerReadout.Name] = valRdm;
        val.Scores[LayerReadout.Name] = scorer.Score(valRdm, data.Validation.Subjects);
        if (test is { Scores: { } testScores, Rdms: { } testRdms } && data.Test is { } testSet)
        {
            var testRdm = LayerReadout.Combine(readout, testRdms);
            testRdms[LayerReadout.Name] = testRdm;
            testScores[LayerReadout.Name] = scorer.Score(testRdm, testSet.Subjects);
        }
        return readout;
    }

    TestRecord NewTestRecord(ValidationSet test, Dictionary<string, double> baseline) => new()
    {
        Images = test.Count,
        Subjects = test.Subjects.Count,
        Source = test.Source,
        NoiseCeiling = test.Subjects.Count >= 3 && scorer.NoiseCeiling(test.Subjects) is { } c ? new CeilingRecord(c.Lower, c.Upper) : null,
        Baseline = baseline,
    };

    TrainingSummary NewSummary(TrainingData data, FreezePlan plan, string? cut, (double Lower, double Upper)? ceiling) => new()
    {
        Architecture = network.Architecture,
        TrainLayer = Label(trainLayer),
        ScoreMethod = scorer.Method,
        Split = data.Split is { } split
            ? new SplitRecord { Set = split.Set, Train = split.Train, Val = split.Val, Test = split.Test }
            : new SplitRecord { Set = null, Train = [], Val = Enumerable.Range(0, data.Validation.Count).ToArray() },
        Data = data.Sets.Select(s => new SetRecord(s.Name, s.Count, s.Count * (s.Count - 1) / 2, s.Source)).ToList(),
        Validation = new ValidationRecord { Images = data.Validation.Count, Subjects = data.Validation.Subjects.Count, Source = data.Validation.Source },
        NoiseCeiling = ceiling is { } c ? new CeilingRecord(c.Lower, c.Upper) : null,
        FrozenParameters = plan.Frozen.ToList(),
        TrainedScalars = plan.Trainable.Sum(p => p.Parameter.numel()),
        CachedPrefix = cut,
        Convolutions = Networks.Runtime.ConvolutionGuard.EnsureVerified().Describe(),
        Device = Networks.Runtime.ComputeDevice.Describe(Networks.Runtime.ComputeDevice.Of(network.Module)),
        Threads = torch.get_num_threads(),
        Settings = settings,
    };

    /// <summary>The better of the previous best and this epoch's best layer (ties keep the earlier); undefined scores never win,
    /// and while no layer has had a score there is no best (null).</summary>
    static BestRecord? Best(Dictionary<string, double> scores, int epoch, BestRecord? previous)
    {
        if (LayerScores.Top(scores) is not { } top) return previous;
        return previous is null || !double.IsFinite(previous.Score) || top.Score > previous.Score ? new BestRecord(top.Layer, epoch, top.Score) : previous;
    }

    void CheckResumable(TrainingSummary previous, TrainingData data, string path)
    {
        if (previous.Settings is not { } old)
            throw new DissimNetException($"{path}: has no settings, so the run cannot resume");
        if (settings.FixedDifferences(old) is { Count: > 0 } changed)
            throw new DissimNetException($"{path}: was trained with other settings ({string.Join(", ", changed)}); resume with the same settings "
                + $"(only {string.Join(", ", SettingDeclaration.All.Where(d => d.MayChangeOnResume).Select(d => d.Name))} may change)");
        var sets = data.Sets.Select(s => new SetRecord(s.Name, s.Count, s.Count * (s.Count - 1) / 2, s.Source));
        if (!sets.SequenceEqual(previous.Data) || previous.Validation.Images != data.Validation.Count || previous.Test?.Images != data.Test?.Count)
            throw new DissimNetException($"{path}: was trained on other data ({string.Join(", ", previous.Data.Select(d => $"{d.Name}: {d.Images} images"))})");
        if (previous.Architecture != network.Architecture)
            throw new DissimNetException($"{path}: was trained with {previous.Architecture}, not {network.Architecture}");
    }
}
