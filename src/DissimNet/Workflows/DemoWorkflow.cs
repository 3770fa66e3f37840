using System.Diagnostics;
using DissimNet.Statistics;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using DissimNet.Rdms;
using DissimNet.Reports;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Workflows;

/// <summary>What the demo runs: where to write, and the full or the quick version.</summary>
internal sealed record DemoOptions
{
    /// <summary>The output folder: a training run folder plus the report.</summary>
    public required string OutFolder { get; init; }

    /// <summary>A first look: fewer epochs and candidate layers (the time is in docs/performance.md).</summary>
    public bool Quick { get; init; }

    /// <summary>The 92-image data folder; null finds <c>data/92imageData</c> (see <see cref="NinetyTwoImageData.Locate"/>).</summary>
    public string? DataFolder { get; init; }

    /// <summary>The command line, recorded in the run folder and the report.</summary>
    public string? Command { get; init; }

    /// <summary>Where to run: cpu, cuda, cuda:N or auto (null: the CPU).</summary>
    public string? Device { get; init; }
}

/// <summary>A test score before and after training, at one layer (or at the layer and epoch selected on validation).</summary>
internal sealed record HeldOutComparison(string What, string LayerBefore, double Before, string LayerAfter, double After);

/// <summary>What the demo produced.</summary>
/// <param name="ReportPath">The HTML report.</param>
/// <param name="RunFolder">The training run folder (also readable by <c>dissimnet report</c> and <c>predict</c>).</param>
/// <param name="FullSetProfile">The pretrained network's layer profile on all 92 images.</param>
/// <param name="Summary">The training summary.</param>
/// <param name="TrainedLayer">Test score at the trained layer before training and after the last epoch.</param>
/// <param name="Selected">Test score of the pretrained network at the layer validation chose at epoch 0, and of the (layer, epoch) validation selected: the unbiased result.</param>
/// <param name="TargetDescription">What the target RDMs are.</param>
/// <param name="Elapsed">Wall time of this invocation.</param>
internal sealed record DemoResult(string ReportPath, string RunFolder, LayerProfile FullSetProfile, TrainingSummary Summary,
    HeldOutComparison TrainedLayer, HeldOutComparison Selected, string TargetDescription, TimeSpan Elapsed);

/// <summary>The demo: on the embedded 92 images and human IT RDMs, the ImageNet ResNet-18's layer profile, Siamese training
/// of its last stage, with the layer and epoch chosen on validation images and the result measured on test images no choice has
/// seen, before and after training, and the HTML report.</summary>
/// <remarks>Rerunning with the same output folder resumes an interrupted training run instead of restarting it.</remarks>
internal static class DemoWorkflow
{
    /// <summary>The network the demo uses.</summary>
    public const string Model = EmbeddedResNet18.Name;

    /// <summary>Layers of the layer profile: the named ones (stem, every residual block, the global pool) rather than every ONNX node.</summary>
    public static readonly IReadOnlyList<string> ProfileLayers =
        ["conv1", "relu", "maxpool", "stage1.block1", "stage1", "stage2.block1", "stage2", "stage3.block1", "stage3",
         "stage4.block1", "stage4.block2", "stage4", "pool"];

    /// <summary>Candidate layers for model selection: the named layers from the frozen stage3 on (fewer layers validate faster).</summary>
    public static readonly IReadOnlyList<string> CandidateLayers = ["stage3", "stage4.block1", "stage4.block2", "stage4", "pool"];

    /// <summary>Candidate layers of the quick demo.</summary>
    public static readonly IReadOnlyList<string> QuickCandidateLayers = ["stage4", "pool"];

    /// <summary>Epochs of the full and the quick demo.</summary>
    public const int Epochs = 30, QuickEpochs = 4;

    /// <summary>Fraction of the images held out for testing first (46 of 92): as many test images as the 2019 paper's halves, for a stable test score.</summary>
    public const double TestFraction = 0.5;

    /// <summary>Fraction of the remaining 46 images held out for validation (15), leaving 31 to train: enough validation
    /// pairs (105) to rank five layers and 31 epochs, while most images still train.</summary>
    public const double HoldoutFraction = 1.0 / 3;

    /// <summary>The seed.</summary>
    public const int Seed = 1;

    /// <summary>What the demo asks of training: the train command's defaults for resnet18-imagenet, with the demo's layers, epochs and seed.</summary>
    public static TrainRequest Request(bool quick, string? command) => new()
    {
        Model = Model,
        Settings = SettingOverlay.Empty
            .With(s => s.CandidateLayers, quick ? QuickCandidateLayers : CandidateLayers)
            .With(s => s.Epochs, quick ? QuickEpochs : Epochs)
            .With(s => s.Seed, Seed),
        Command = command,
    };

    /// <summary>The training settings of the demo, resolved as <c>train</c> resolves its options.</summary>
    public static TrainingSettings Settings(bool quick, string? command) => TrainRequestResolver.Resolve(Request(quick, command)).Settings;

    /// <summary>Correlation RDMs of the profile layers on all images, through the validation's bounded-memory path (a few layers' features at a time,
    /// in native memory freed as soon as each layer's RDM is done); the same numbers as <c>rdm</c> to single precision.</summary>
    static List<LayerRdm> ProfileRdms(ITappableNetwork network, NdArray images, IProgressSink progress)
    {
        progress.Begin($"{network.Architecture}: layer profile, {images.Shape[0]} images", 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        network.Module.eval();
        var input = network.Preprocess(ImageTensors.FromArray(images));
        var layers = ProfileLayers.Select(network.Resolve).ToArray();
        using var held = new HeldOutLayerRdms(network, layers.Distinct().ToArray(), null, input, batchSize: 16);
        var rdms = held.Rdms();
        progress.Report(1);
        progress.End();
        return ProfileLayers.Select((name, l) => new LayerRdm(name, new Rdm(rdms[layers[l]].Vector, null, name), checked((int)held.FeatureCounts[layers[l]]))).ToList();
    }

    /// <summary>Runs the demo, reporting every long step to <paramref name="progress"/>, with the network built for
    /// <paramref name="runtime"/> (default: the options' device with the process's environment).</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancel"/> fires; rerun to resume from the last finished epoch.</exception>
    public static DemoResult Run(DemoOptions options, IProgressSink? progress = null, CancellationToken cancel = default, RuntimeContext? runtime = null)
    {
        progress ??= NullProgress.Instance;
        runtime ??= RuntimeContext.FromEnvironment().OnDevice(options.Device, progress);
        var clock = Stopwatch.StartNew();
        var settings = Settings(options.Quick, options.Command);
        var run = new RunFolder(options.OutFolder);
        bool resume = run.HasSummary;
        if (resume) CheckSameDemo(run, settings, options.Quick);

        var data = NinetyTwoImageData.Load(options.DataFolder ?? NinetyTwoImageData.Locate());
        random.manual_seed(Seed);
        using var network = NetworkZoo.Create(Model, progress: progress, runtime: runtime);

        // 1. The pretrained network against human IT on all 92 images.
        var subjects = RdmStack.FromArray(data.SubjectRdms, data.TargetDescription);
        var layerRdms = ProfileRdms(network, data.Images, progress);
        var profile = LayerProfile.Score(layerRdms, subjects, ComparisonMethod.Spearman, data.TargetDescription);
        Directory.CreateDirectory(options.OutFolder);
        FullSetProfileFile.Write(run.ProfilePath, profile, data.Images.Shape[0], data.TargetDescription);
        cancel.ThrowIfCancellationRequested();

        // 2. Siamese training of the last stage on half of the images; 3. held-out scores before and after.
        var images = ImageTensors.FromArray(data.Images);
        var trainingData = TrainingData.WithNestedHoldout([new ImageSetWithRdms("92", images, data.SubjectRdms, data.BrainRdmsSpec + " (sessions averaged per subject)")],
            "92", TestFraction, HoldoutFraction, Seed, TargetTransform.ZScore, data.Categories);
        var summary = new SiameseTrainer(network, settings, new RsaScorer(ComparisonMethod.Spearman), progress)
            .Run(trainingData, options.OutFolder, resume, cancel);

        progress.Begin("report", 1);
        var report = RunFolderReader.Read(options.OutFolder) with
        {
            Title = "DissimNet demo: ImageNet ResNet-18 trained on human IT (92 images)",
        };
        var written = RunReport.Write(report, run.ReportPath);
        progress.Report(1);
        progress.End();

        var trainLayer = summary.TrainLayer;
        int last = summary.Epochs.Count;
        var pretrained = summary.Test?.Pretrained;
        var selected = summary.Test?.Selected;
        return new DemoResult(written.HtmlPath, Path.GetFullPath(options.OutFolder), profile, summary,
            new HeldOutComparison("trained layer", trainLayer, TestScores.TestOf(summary, 0).GetValueOrDefault(trainLayer, double.NaN),
                $"{trainLayer}, ep. {last}", TestScores.TestOf(summary, last).GetValueOrDefault(trainLayer, double.NaN)),
            new HeldOutComparison("selected on validation", pretrained?.Layer ?? "", pretrained?.Test ?? double.NaN,
                selected is null ? "" : $"{selected.Layer}, ep. {selected.Epoch}", selected?.Test ?? double.NaN),
            data.TargetDescription, clock.Elapsed);
    }

    /// <summary>A folder that holds another kind of demo run (quick versus full) cannot be resumed: say so plainly.</summary>
    static void CheckSameDemo(RunFolder run, TrainingSettings settings, bool quick)
    {
        var previous = TrainingSummary.Load(run.SummaryPath).Settings;
        if (previous is null || previous.Epochs != settings.Epochs || !(previous.CandidateLayers ?? []).SequenceEqual(settings.CandidateLayers ?? [])
            || previous.Network?.Model != Model)
            throw new SettingException($"{run.SummaryPath}: holds a different run than the {(quick ? "quick " : "")}demo makes; " +
                "choose another output folder, or delete the folder to start over", "Out");
    }
}
