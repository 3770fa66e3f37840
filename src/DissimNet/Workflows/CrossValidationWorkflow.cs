using System.Text.Json;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using DissimNet.Rdms;
using DissimNet.Reports;
using DissimNet.Statistics;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Workflows;

/// <summary>How to cross-validate: folds, repeats, the validation share of each fold's non-test images, and which folds to run here.</summary>
public sealed record CrossValidationRequest
{
    /// <summary>Folds per repeat (k).</summary>
    public int Folds { get; init; } = CrossValidationWorkflow.DefaultFolds;

    /// <summary>Repeats of the k-fold split.</summary>
    public int Repeats { get; init; } = CrossValidationWorkflow.DefaultRepeats;

    /// <summary>Fraction of a fold's non-test images held out for validation (layer and epoch selection).</summary>
    public double HoldoutFraction { get; init; } = CrossValidationWorkflow.DefaultHoldoutFraction;

    /// <summary>Fold numbers (1-based) to run in this process, or null for all; the statistics are gathered only when every fold has finished.</summary>
    public IReadOnlyList<int>? OnlyFolds { get; init; }

    /// <summary>Bootstrap resamples of the intervals.</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Training runs per fold (seeds seed, seed + 1, ...), whose selected RDMs are averaged; 1 trains one run per fold.</summary>
    public int Ensemble { get; init; } = 1;

    /// <summary>The most bootstrap resamples one cross-validation may ask for.</summary>
    public const int MaxResamples = 1_000_000;

    /// <summary>The fewest bootstrap resamples: a percentile interval needs 2.</summary>
    public const int MinResamples = 2;

    /// <summary>Checks what can be checked before any data is read (the image count is checked with the folds).</summary>
    /// <exception cref="SettingException">Naming the setting at fault.</exception>
    public void Validate()
    {
        CrossValidationFolds.CheckCounts(Folds, Repeats);
        // Unlike score's, cross-validation's bootstrap cannot be turned off: its intervals are part of every result.
        if (Resamples is < MinResamples or > MaxResamples)
            throw new SettingException($"the number of bootstrap resamples must be from {MinResamples} to {MaxResamples:N0}, got {Resamples}", "BootstrapResamples");
        if (Ensemble < 1) throw new SettingException($"an ensemble needs at least 1 training run per fold, got {Ensemble}", "Ensemble");
        if (!(HoldoutFraction > 0 && HoldoutFraction < 1))
            throw new SettingException($"the validation share of a fold must be between 0 and 1, got {HoldoutFraction}", "HoldoutFraction");
    }
}

/// <summary>Repeated k-fold cross-validation of Siamese training: every fold a full training run with its own validation images,
/// the pretrained network scored on the same test images, gathered into crossval.json and crossval.html.</summary>
/// <remarks>
/// Each fold's run folder (fold-NN/) is a normal training run folder. A fold whose summary is complete is skipped, an
/// interrupted one resumes from its last finished epoch, so rerunning the same command continues where it stopped.
/// </remarks>
public static class CrossValidationWorkflow
{
    /// <summary>Default folds and repeats: 2-fold keeps 46 of 92 images per test fold (as many as the 2019 paper's halves) and
    /// 46 to train and validate on; 5 repeats give 10 folds, enough for a spread at about 10 training runs' cost.</summary>
    public const int DefaultFolds = 2, DefaultRepeats = 5;

    /// <summary>Default validation share of a fold's non-test images: 15 of 46, leaving 31 to train (the demo's split).</summary>
    public const double DefaultHoldoutFraction = 1.0 / 3;

    /// <summary>The settings cross-validation gives when the user and the recipe leave them open: the demo's 30 epochs (validation
    /// scores on the 92 images still rise at 30), and for the embedded ResNet-18 without a preset the demo's candidate layers
    /// (scoring all 74 layers in every epoch of 10 folds would not fit in 30 minutes). They rank below the recipe and above the preset.</summary>
    public static SettingOverlay Defaults(TrainRequest request)
    {
        var defaults = SettingOverlay.Empty.With(s => s.Epochs, DemoWorkflow.Epochs);
        return request.Preset is null && (request.Model ?? TrainRequestResolver.DefaultModel) == EmbeddedResNet18.Name
            ? defaults.With(s => s.CandidateLayers, DemoWorkflow.CandidateLayers) : defaults;
    }

    /// <summary>The defaults of <see cref="Defaults"/> for the embedded network, for help.</summary>
    public static SettingOverlay HelpDefaults => Defaults(new TrainRequest());

    /// <summary>The plan file, the result and its report inside the cross-validation folder.</summary>
    public const string PlanFile = "crossval-plan.json", ResultFile = "crossval.json", ReportFile = "crossval.html";

    /// <summary>Resolves the request as <c>train</c> does, loads the one image set (without images and targets: the embedded 92 images
    /// and human IT, as in the demo), and runs (or continues) the folds with networks built for <paramref name="runtime"/> (default: the
    /// request's device with the process's environment).</summary>
    public static CrossValidationResult Run(TrainRequest request, TrainingDataRequest dataRequest, CrossValidationRequest plan, string outFolder,
        IProgressSink? progress = null, CancellationToken cancel = default, RuntimeContext? runtime = null)
    {
        plan.Validate();
        runtime ??= RuntimeContext.FromEnvironment().OnDevice(request.Device, progress);
        var resolved = TrainRequestResolver.Resolve(request, Defaults(request));
        if (dataRequest.HoldoutFraction is not null || dataRequest.TestFraction is not null || dataRequest.ValidationImages is not null || dataRequest.TestImages is not null)
            throw new SettingException("cross-validation makes its own test and validation images from the folds; give only the image set and its RDMs",
                "HoldoutFraction", "TestFraction", "ValidationImages", "TestImages");
        var (set, categories) = dataRequest is { Images.Count: 0, Algonauts: null } ? Embedded() : Load(dataRequest, resolved);
        int seed = resolved.Settings.Seed;
        ITappableNetwork Network()
        {
            // Seeded before the network exists, so a randomly initialised network starts from the same weights in every fold.
            random.manual_seed(seed);
            return NetworkZoo.Create(resolved.Network.Model, request.Weights, resolved.Network.InputSize, progress, runtime);
        }
        return RunFolds(set, resolved.Settings, TrainWorkflow.TransformFor([set], resolved), categories, plan, outFolder, Network,
            new RsaScorer(ComparisonMethod.Spearman), progress, cancel);
    }

    /// <summary>The embedded 92 images with human IT of 4 subjects (each subject's 2 sessions averaged), as the demo uses them.</summary>
    static (ImageSetWithRdms Set, IReadOnlyList<string>? Categories) Embedded()
    {
        var data = NinetyTwoImageData.Load(NinetyTwoImageData.Locate());
        return (new ImageSetWithRdms("92", ImageTensors.FromArray(data.Images), data.SubjectRdms, data.BrainRdmsSpec + " (sessions averaged per subject)"), data.Categories);
    }

    static (ImageSetWithRdms Set, IReadOnlyList<string>? Categories) Load(TrainingDataRequest request, ResolvedTraining resolved)
    {
        var sets = TrainWorkflow.LoadSets(request, resolved.Track, resolved.Region);
        if (sets.Count != 1)
            throw new SettingException($"cross-validation runs over the images of one image set, got {sets.Count}", "Images");
        return (sets[0], request.Categories is { } spec ? CategoryLabels.Load(spec, (int)sets[0].Images.shape[0]) : null);
    }

    /// <summary>Runs the folds of <paramref name="request"/> on <paramref name="set"/> with networks from <paramref name="network"/>
    /// (one per fold), then writes crossval.json (and, when every fold has finished, crossval.html).</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancel"/> fires; finished folds and epochs are kept.</exception>
    public static CrossValidationResult RunFolds(ImageSetWithRdms set, TrainingSettings settings, TargetTransform transform, IReadOnlyList<string>? categories,
        CrossValidationRequest request, string outFolder, Func<ITappableNetwork> network, IRdmScorer scorer, IProgressSink? progress = null,
        CancellationToken cancel = default)
    {
        progress ??= NullProgress.Instance;
        int count = TargetPreparation.ConditionCount(set.Rdms, set.Source);
        var folds = CrossValidationFolds.Plan(set.Name, count, request.Folds, request.Repeats, request.HoldoutFraction, settings.Seed);
        if (request.OnlyFolds?.Where(k => k < 1 || k > folds.Count).Select(k => (int?)k).FirstOrDefault() is int bad)
            throw new SettingException($"fold {bad} is not among folds 1 to {folds.Count}", "Fold");
        if (request.Ensemble < 1)
            throw new SettingException($"an ensemble needs at least 1 training run per fold, got {request.Ensemble}", "Ensemble");
        OutputFile.CheckFolderWritable(outFolder);
        Directory.CreateDirectory(outFolder);
        CheckPlan(outFolder, request, settings, count);
        foreach (var fold in folds)
        {
            if (request.OnlyFolds is { } only && !only.Contains(fold.Number)) continue;
            for (int member = 1; member <= request.Ensemble; member++)
            {
                cancel.ThrowIfCancellationRequested();
                var run = new RunFolder(Path.Combine(outFolder, FoldEnsemble.MemberFolder(fold, member, request.Ensemble)));
                // A fold's run folder is written within the crossval folder: a link planted in its place is refused, not trained through.
                OutputFile.CheckWithin(outFolder, run.Path, folder: true);
                string where = $"fold {fold.Number}/{folds.Count} (repeat {fold.Repeat}, fold {fold.Fold})"
                    + (request.Ensemble > 1 ? $", member {member}/{request.Ensemble}" : "");
                if (run.HasSummary && run.ReadSummary().Complete)
                {
                    progress.Note($"{where}: finished earlier, skipped");
                    continue;
                }
                progress.Note($"{where}: {fold.Split.Train.Length} training, {fold.Split.Val.Length} validation, {fold.Split.Test.Length} test images");
                var data = TrainingData.WithSplit([set], fold.Split, transform, categories);
                // Only the trainer's seed differs between members: the fold's images come from the plan's seed, and every member
                // starts from the same network, so the pretrained (epoch-0) network is one and the same.
                var memberSettings = settings with { Seed = FoldEnsemble.MemberSeed(settings.Seed, member) };
                string prefix = $"fold {fold.Number}/{folds.Count}" + (request.Ensemble > 1 ? $" member {member}/{request.Ensemble}" : "");
                using (var net = network())
                    new SiameseTrainer(net, memberSettings, scorer, new FoldProgress(progress, prefix))
                        .Run(data, run.Path, resume: run.HasSummary, cancel);
            }
            if (request.OnlyFolds is null) Write(outFolder, Gather(set, transform, folds, request, settings, scorer, outFolder), writeReport: false);
        }
        var result = Gather(set, transform, folds, request, settings, scorer, outFolder);
        // A process running some folds (one of several parallel jobs) leaves the writing to the run that gathers all folds.
        if (request.OnlyFolds is not null) return result;
        Write(outFolder, result, writeReport: result.Complete);
        if (result.Trained is { } t && result.Pretrained is { } p && result.Gain is { } g)
            progress.Note($"test score over {result.FoldResults.Count} folds: trained {t.Mean:F4}, pretrained {p.Mean:F4}, gain {g.Mean:+0.0000;-0.0000} "
                + $"(95% CI {g.Corrected.Interval.Lower:F4} to {g.Corrected.Interval.Upper:F4}, corrected p = {g.Corrected.PValue:G3})");
        return result;
    }

    /// <summary>Reads every finished fold's run folder and computes the statistics over them.</summary>
    public static CrossValidationResult Gather(ImageSetWithRdms set, TargetTransform transform, IReadOnlyList<CrossValidationFold> folds,
        CrossValidationRequest request, TrainingSettings settings, IRdmScorer scorer, string outFolder)
    {
        var records = new List<FoldRecord>();
        var testRdms = new List<FoldTestRdms>();
        foreach (var fold in folds)
        {
            if (request.Ensemble > 1)
            {
                if (FoldEnsemble.Gather(set, transform, fold, request.Ensemble, settings.Seed, outFolder, scorer) is not { } ensemble) continue;
                records.Add(ensemble.Record);
                if (ensemble.Rdms is not null) testRdms.Add(ensemble.Rdms);
                continue;
            }
            var run = new RunFolder(Path.Combine(outFolder, fold.FolderName));
            if (!run.HasSummary) continue;
            var summary = run.ReadSummary();
            if (!summary.Complete) continue;
            var (record, rdms) = Record(set, transform, fold, run, summary, scorer);
            records.Add(record);
            if (rdms is not null) testRdms.Add(rdms);
        }
        var result = new CrossValidationResult
        {
            Set = set.Name,
            Images = TargetPreparation.ConditionCount(set.Rdms, set.Source),
            Folds = request.Folds,
            Repeats = request.Repeats,
            HoldoutFraction = request.HoldoutFraction,
            ScoreMethod = scorer.Method,
            TestToTrainRatio = folds.Average(f => (double)f.Split.Test.Length / (f.Split.Train.Length + f.Split.Val.Length)),
            FoldResults = records,
            Complete = records.Count == folds.Count,
            Settings = settings,
            Ensemble = request.Ensemble,
        };
        if (records.Count < 2) return result;
        double ratio = result.TestToTrainRatio;
        var trained = records.Select(r => r.Trained.Test).ToArray();
        var pretrained = records.Select(r => r.Pretrained.Test).ToArray();
        var gain = trained.Zip(pretrained, (a, b) => a - b).ToArray();
        bool perSubject = records.All(r => r.TrainedPerSubject.Length > 0 && r.TrainedPerSubject.Length == records[0].TrainedPerSubject.Length);
        result.Trained = FoldStatistics.Summarize(trained, ratio, perSubject ? records.Select(r => r.TrainedPerSubject).ToArray() : null, request.Resamples, settings.Seed);
        result.Pretrained = FoldStatistics.Summarize(pretrained, ratio, perSubject ? records.Select(r => r.PretrainedPerSubject).ToArray() : null, request.Resamples, settings.Seed);
        result.Gain = FoldStatistics.Summarize(gain, ratio,
            perSubject ? records.Select(r => r.TrainedPerSubject.Zip(r.PretrainedPerSubject, (a, b) => a - b).ToArray()).ToArray() : null, request.Resamples, settings.Seed);
        result.GainPlainTTest = OneSampleTTest.Test(gain);
        if (testRdms.Count == records.Count && scorer is RsaScorer rsa && !rsa.Comparison.IsCovWeighted())
        {
            var (t, p, g) = FoldImageBootstrap.Intervals(testRdms, rsa.Comparison, request.Resamples, settings.Seed);
            result.Trained = result.Trained with { BootstrapFoldsSubjectsAndImages = t };
            result.Pretrained = result.Pretrained with { BootstrapFoldsSubjectsAndImages = p };
            result.Gain = result.Gain with { BootstrapFoldsSubjectsAndImages = g };
        }
        var ceilings = records.Where(r => r.NoiseCeiling is not null).Select(r => r.NoiseCeiling!).ToList();
        if (ceilings.Count == records.Count) result.NoiseCeiling = new CeilingRecord(ceilings.Average(c => c.Lower), ceilings.Average(c => c.Upper));
        return result;
    }

    /// <summary>One finished fold: its summary's test cells, per-subject test scores recomputed from its test RDMs, and those RDMs
    /// (null when a test RDM is missing).</summary>
    internal static (FoldRecord Record, FoldTestRdms? Rdms) Record(ImageSetWithRdms set, TargetTransform transform, CrossValidationFold fold, RunFolder run, TrainingSummary summary, IRdmScorer scorer)
    {
        if (!summary.Split.Test.SequenceEqual(fold.Split.Test) || !summary.Split.Val.SequenceEqual(fold.Split.Val))
            throw new DissimNetException($"{run.SummaryPath}: holds a run of other images than fold {fold.Number} of this plan; use another output folder");
        var test = summary.Test ?? throw new DissimNetException($"{run.SummaryPath}: has no test scores");
        if (test.Selected is null || test.Pretrained is null)
            throw new DissimNetException($"{run.SummaryPath}: no layer had a validation score, so the fold has no selected cell");
        var subjects = TargetPreparation.PerSubject(RdmSubsets.SelectConditions(set.Rdms, fold.Split.Test), transform, set.Source);
        Rdm? ModelRdm(string name) => run.ReadTestRdm(name) is { } square ? Rdm.FromSquare(square, fold.Split.Test.Length) : null;
        double[] PerSubject(Rdm? rdm) =>
            rdm is null ? [] : Enumerable.Range(0, subjects.Count).Select(s => scorer.Score(rdm, subjects.Select([s]))).ToArray();
        var trained = ModelRdm(RunFolder.TestSelectedRdmName);
        var pretrained = ModelRdm(RunFolder.TestBaselineRdmName);
        var record = new FoldRecord
        {
            Number = fold.Number,
            Repeat = fold.Repeat,
            Fold = fold.Fold,
            Folder = fold.FolderName,
            Train = fold.Split.Train,
            Val = fold.Split.Val,
            Test = fold.Split.Test,
            Trained = test.Selected,
            Pretrained = test.Pretrained,
            TrainedPerSubject = PerSubject(trained),
            PretrainedPerSubject = PerSubject(pretrained),
            NoiseCeiling = test.NoiseCeiling,
            Seconds = Math.Round(summary.Epochs.Sum(e => e.Seconds), 1),
        };
        return (record, trained is not null && pretrained is not null ? new FoldTestRdms(trained, pretrained, subjects) : null);
    }

    static void Write(string outFolder, CrossValidationResult result, bool writeReport)
    {
        OutputFile.Write(Path.Combine(outFolder, ResultFile), temp => File.WriteAllText(temp, result.ToJson()));
        if (writeReport) CrossValidationReport.Write(result, Path.Combine(outFolder, ReportFile));
    }

    /// <summary>Writes the plan on the first run; later runs must ask for the same plan and settings (only the folds to run may differ).</summary>
    static void CheckPlan(string outFolder, CrossValidationRequest request, TrainingSettings settings, int count)
    {
        var plan = new PlanRecord(request.Folds, request.Repeats, request.HoldoutFraction, count, settings with { Command = null }, request.Ensemble);
        var path = Path.Combine(outFolder, PlanFile);
        if (File.Exists(path))
        {
            PlanRecord? previous;
            try { previous = JsonSerializer.Deserialize<PlanRecord>(IO.FileBytes.ReadText(path, "a cross-validation plan"), TrainingSummary.Json); }
            catch (JsonException e) { throw new DissimNetException($"{path}: not a cross-validation plan ({e.Message})", e); }
            if (previous is null || JsonSerializer.Serialize(previous, TrainingSummary.Json) != JsonSerializer.Serialize(plan, TrainingSummary.Json))
                throw new SettingException($"{path}: this folder holds a cross-validation with other folds or settings; use the same options to continue it, or another folder", "Out");
            return;
        }
        OutputFile.Write(path, temp => File.WriteAllText(temp, JsonSerializer.Serialize(plan, TrainingSummary.Json)));
    }

    /// <summary>What must stay the same for a cross-validation folder to be continued.</summary>
    /// <remarks><paramref name="Ensemble"/> defaults to 1, so plans written before ensembles existed read back unchanged.</remarks>
    sealed record PlanRecord(int Folds, int Repeats, double HoldoutFraction, int Images, TrainingSettings Settings, int Ensemble = 1);

    /// <summary>Prefixes the trainer's progress with the fold, so one display follows all folds.</summary>
    sealed class FoldProgress(IProgressSink inner, string prefix) : IProgressSink
    {
        public void Begin(string task, long total) => inner.Begin($"{prefix}: {task}", total);
        public void Report(long done, string? detail = null) => inner.Report(done, detail);
        public void End() => inner.End();
        public void Note(string message) => inner.Note($"{prefix}: {message}");
    }
}
