using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Writes a run into its folder at the points a resume continues from, the untrained network (epoch 0) and every
/// finished epoch: the epoch's checkpoint, the best weights and RDMs when the best improved, and summary.json last.</summary>
/// <remarks>Opening the folder also loads and checks the run to resume (<see cref="ResumeCheck"/>).</remarks>
internal sealed class RunCommitter
{
    readonly ITappableNetwork network;
    readonly TrainingSettings settings;
    readonly TrainingData data;

    /// <summary>The run folder.</summary>
    public RunFolder Folder { get; }

    /// <summary>True when opening created the folder, so a run that fails before its first commit can remove it again.</summary>
    public bool Created { get; }

    /// <summary>The summary of the run found in the folder; null for a new run.</summary>
    public TrainingSummary? Previous { get; }

    /// <summary>True when the folder holds a checkpoint to continue from.</summary>
    public bool Resuming => Previous is { Checkpoint: not null };

    RunCommitter(ITappableNetwork network, TrainingSettings settings, TrainingData data, RunFolder folder, bool created, TrainingSummary? previous) =>
        (this.network, this.settings, this.data, Folder, Created, Previous) = (network, settings, data, folder, created, previous);

    /// <summary>Creates <paramref name="path"/> if needed and loads the summary of a run to resume, refusing one that differs
    /// or, without <paramref name="resume"/>, any run already there.</summary>
    public static RunCommitter Open(string path, bool resume, ITappableNetwork network, TrainingSettings settings, TrainingData data)
    {
        var folder = new RunFolder(path);
        bool created = folder.Create();
        if (!folder.HasSummary) return new(network, settings, data, folder, created, null);
        if (!resume) throw new SettingException($"{path}: already holds a training run (summary.json); resume it or choose another folder", "Resume", "Out");
        var previous = TrainingSummary.Load(folder.SummaryPath);
        ResumeCheck.Ensure(previous, settings, data, network, folder.SummaryPath);
        return new(network, settings, data, folder, created, previous);
    }

    /// <summary>Loads the last committed epoch's weights and optimizer state and continues its summary under this session's settings.</summary>
    public TrainingSummary Resume(optim.Optimizer optimizer)
    {
        var previous = Previous!;
        Folder.Load(previous.Checkpoint!, network.Module, optimizer);
        // The saved optimizer state carries the learning rate it was saved with; a resumed run may lower it (e.g. after a NaN loss).
        foreach (var group in optimizer.ParamGroups) group.LearningRate = settings.LearningRate;
        previous.StoppedEarlyAfter = null; // decided again by the epoch loop, under the settings of this session
        previous.Settings = settings;
        previous.Device = ComputeDevice.Describe(ComputeDevice.Of(network.Module));
        previous.Threads = torch.get_num_threads();
        previous.Complete = false;
        return previous;
    }

    /// <summary>The summary of a new run, before its baseline is scored.</summary>
    public TrainingSummary NewSummary(string trainLayer, string scoreMethod, FrozenPrefix frozen, (double Lower, double Upper)? ceiling) => new()
    {
        Architecture = network.Architecture,
        TrainLayer = trainLayer,
        ScoreMethod = scoreMethod,
        Split = data.Split is { } split
            ? new SplitRecord { Set = split.Set, Train = split.Train, Val = split.Val, Test = split.Test }
            : new SplitRecord { Set = null, Train = [], Val = Enumerable.Range(0, data.Validation.Count).ToArray() },
        Data = SetRecords(data).ToList(),
        Validation = new ValidationRecord { Images = data.Validation.Count, Subjects = data.Validation.Subjects.Count, Source = data.Validation.Source },
        NoiseCeiling = ceiling is { } c ? new CeilingRecord(c.Lower, c.Upper) : null,
        FrozenParameters = frozen.Plan.Frozen.ToList(),
        TrainedScalars = frozen.Plan.Trainable.Sum(p => p.Parameter.numel()),
        CachedPrefix = frozen.Cut,
        Convolutions = ConvolutionGuard.EnsureVerified().Describe(),
        Device = ComputeDevice.Describe(ComputeDevice.Of(network.Module)),
        Threads = torch.get_num_threads(),
        Settings = settings,
    };

    /// <summary>Records the untrained network's scores as the baseline and the first best, saves it as epoch 0 (exactly, whatever
    /// the checkpoint precision) with its RDMs, and writes the first summary.</summary>
    public void CommitBaseline(TrainingSummary summary, EpochScores baseline, EpochEvaluator evaluator, optim.Optimizer optimizer)
    {
        summary.BaselineReadout = baseline.Readout;
        summary.Baseline = baseline.Val;
        summary.Final = summary.Baseline;
        summary.Best = Best(summary.Baseline, 0, null);
        if (settings.Keep != CheckpointKeep.Last) Folder.SaveBest(network.Module); // the starting network, kept exact
        var baselineBest = summary.Best is { } first ? baseline.ValRdms.GetValueOrDefault(first.Layer)?.Vector : null;
        Folder.WriteHeldOutRdms(data.Validation.MeanTarget().ToSquare(), baselineBest, baselineBest);
        if (data.Validation.Categories is { } categories) Folder.WriteCategories(categories);
        if (data.Test is { } test && baseline is { Test: { } testScores, TestRdms: { } testRdms })
        {
            summary.Test = evaluator.NewTestRecord(test, testScores);
            TestScores.Update(summary);
            var pretrained = summary.Test.Pretrained is { } p ? testRdms.GetValueOrDefault(p.Layer)?.Vector : null;
            Folder.WriteTestRdms(test.MeanTarget().ToSquare(), pretrained, pretrained);
        }
        summary.Checkpoint = Folder.SaveEpoch(0, network.Module, optimizer);
        Folder.WriteSummary(summary);
    }

    /// <summary>Saves the epoch's checkpoint (and the best weights and RDMs when it improved), then the summary, then prunes old checkpoints.</summary>
    public void CommitEpoch(TrainingSummary summary, EpochRecord record, EpochScores scores, optim.Optimizer optimizer)
    {
        var best = Best(record.Val, record.Epoch, summary.Best);
        if (best is not null && best != summary.Best)
        {
            if (settings.Keep != CheckpointKeep.Last) Folder.SaveBest(network.Module, settings.CheckpointPrecision);
            Folder.WriteHeldOutRdms(data.Validation.MeanTarget().ToSquare(), Folder.ReadHeldOutRdm(RunFolder.BaselineRdmName),
                scores.ValRdms.GetValueOrDefault(best.Layer)?.Vector);
            if (data.Test is { } test && scores.TestRdms is { } testRdms)
                Folder.WriteTestRdms(test.MeanTarget().ToSquare(), Folder.ReadTestRdm(RunFolder.TestBaselineRdmName), testRdms.GetValueOrDefault(best.Layer)?.Vector);
        }
        summary.Best = best;
        summary.Epochs.Add(record);
        summary.Final = record.Val;
        TestScores.Update(summary);
        summary.Checkpoint = Folder.SaveEpoch(record.Epoch, network.Module, optimizer, settings.CheckpointPrecision);
        summary.Complete = record.Epoch == settings.Epochs;
        Folder.WriteSummary(summary);
        Folder.Prune(settings.Keep, record.Epoch);
    }

    /// <summary>Marks the run complete (also one stopped early, or one resumed after it had finished).</summary>
    public void Finish(TrainingSummary summary)
    {
        if (summary.Complete) return;
        summary.Complete = true;
        Folder.WriteSummary(summary);
    }

    /// <summary>The records of the training sets, as summary.json holds them.</summary>
    internal static IEnumerable<SetRecord> SetRecords(TrainingData data) =>
        data.Sets.Select(s => new SetRecord(s.Name, s.Count, s.Count * (s.Count - 1) / 2, s.Source));

    /// <summary>The better of the previous best and this epoch's best layer (ties keep the earlier); undefined scores never win,
    /// and while no layer has had a score there is no best (null).</summary>
    static BestRecord? Best(Dictionary<string, double> scores, int epoch, BestRecord? previous)
    {
        if (LayerScores.Top(scores) is not { } top) return previous;
        return previous is null || !double.IsFinite(previous.Score) || top.Score > previous.Score ? new BestRecord(top.Layer, epoch, top.Score) : previous;
    }
}
