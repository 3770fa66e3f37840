using DissimNet.Algonauts;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using DissimNet.Rdms;
using DissimNet.Reports;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Workflows;

/// <summary>What a training run produced.</summary>
/// <param name="Summary">The run's summary (also in summary.json).</param>
/// <param name="Data">The training and validation data it ran on.</param>
public sealed record TrainResult(TrainingSummary Summary, TrainingData Data);

/// <summary>A whole training run from what the user asked: resolve the choices, load the data, build the network, train.</summary>
/// <remarks>The one path <c>train</c> and <c>demo</c> share, so defaults and presets apply the same way everywhere.</remarks>
public static class TrainWorkflow
{
    /// <summary>Runs (or, with <paramref name="resume"/>, continues) the run in <paramref name="outFolder"/>; <paramref name="epochFinished"/>
    /// is called after the baseline and after every epoch, with the network (for layer labels). The network is built for
    /// <paramref name="runtime"/> (default: the request's device with the process's environment).</summary>
    public static TrainResult Run(TrainRequest request, TrainingDataRequest dataRequest, string outFolder, bool resume = false,
        IProgressSink? progress = null, CancellationToken cancel = default, Action<TrainingSummary, ITappableNetwork>? epochFinished = null,
        RuntimeContext? runtime = null)
    {
        progress ??= NullProgress.Instance;
        runtime ??= RuntimeContext.FromEnvironment().OnDevice(request.Device, progress);
        var resolved = TrainRequestResolver.Resolve(request);
        var data = LoadData(dataRequest, resolved);
        // Seeded before the network exists, so a randomly initialised network starts from the same weights every run.
        random.manual_seed(resolved.Settings.Seed);
        using var network = NetworkZoo.Create(resolved.Network.Model, request.Weights, resolved.Network.InputSize, progress, runtime);
        var trainer = new SiameseTrainer(network, resolved.Settings, new RsaScorer(ComparisonMethod.Spearman), progress);
        if (epochFinished is not null) trainer.EpochFinished += s => epochFinished(s, network);
        return new TrainResult(trainer.Run(data, outFolder, resume, cancel), data);
    }

    /// <summary>Loads the training sets, the validation images and the test images (if any) the request names.</summary>
    public static TrainingData LoadData(TrainingDataRequest request, ResolvedTraining resolved)
    {
        var sets = LoadSets(request, resolved.Track, resolved.Region);
        var transform = TransformFor(sets, resolved);
        var data = LoadSplit(request, sets, transform, resolved.Settings.Seed);
        if (request.TestImages is null && request.TestTarget is null) return data;
        if (request is not { TestImages: { } testImages, TestTarget: { } testTarget })
            throw new SettingException("test images need their RDMs, and test RDMs their images", "TestImages", "TestTarget");
        if (request.TestFraction is not null)
            throw new SettingException("a test fraction and separate test images exclude each other: choose one way to test", "TestFraction", "TestImages");
        return TrainingData.WithTest(data, ImageSetFiles.Load("test", testImages, testTarget), transform);
    }

    /// <summary>The target preparation: the request's (or preset's), else MEG-style z-scoring for subjects x time targets and z-scoring otherwise.</summary>
    public static TargetTransform TransformFor(IReadOnlyList<ImageSetWithRdms> sets, ResolvedTraining resolved) =>
        resolved.Transform ?? (sets.Any(s => s.Rdms.Rank == 4) ? TargetTransform.ZScoreMeg : TargetTransform.ZScore);

    static TrainingData LoadSplit(TrainingDataRequest request, IReadOnlyList<ImageSetWithRdms> sets, TargetTransform transform, int seed)
    {
        if (request.TestFraction is not null && request.HoldoutFraction is null)
            throw new SettingException("a test fraction needs a holdout fraction too: it splits the images left after the test images into training and validation", "TestFraction", "HoldoutFraction");
        if (request.HoldoutFraction is { } fraction)
        {
            if (request.ValidationImages is not null)
                throw new SettingException("a holdout fraction and separate validation images exclude each other: choose one way to validate", "HoldoutFraction", "ValidationImages");
            var setName = request.HoldoutSet ?? sets[0].Name;
            var split = sets.FirstOrDefault(s => s.Name == setName); // an unknown set name is reported by WithHoldout
            var labels = request.Categories is { } spec && split is not null
                ? CategoryLabels.Load(spec, (int)split.Images.shape[0]) : null;
            return request.TestFraction is { } testFraction
                ? TrainingData.WithNestedHoldout(sets, setName, testFraction, fraction, seed, transform, labels)
                : TrainingData.WithHoldout(sets, setName, fraction, seed, transform, labels);
        }
        if (request is { ValidationImages: { } images, ValidationTarget: { } target })
        {
            var validation = ImageSetFiles.Load("validation", images, target);
            var labels = request.Categories is { } spec ? CategoryLabels.Load(spec, (int)validation.Images.shape[0]) : null;
            return TrainingData.WithValidation(sets, validation, transform, labels);
        }
        throw new SettingException("validation images are needed: separate validation images with their RDMs, or a holdout fraction", "ValidationImages", "ValidationTarget", "HoldoutFraction");
    }

    /// <summary>The training image sets the request names (an Algonauts folder, or images with their RDMs).</summary>
    public static IReadOnlyList<ImageSetWithRdms> LoadSets(TrainingDataRequest request, string? track, string? region)
    {
        if (request.Algonauts is { } folder)
        {
            if (request.Images.Count > 0) throw new SettingException("an Algonauts folder and image sets exclude each other: choose one source of training images", "Algonauts", "Images");
            if (track is null || region is null) throw new SettingException("an Algonauts folder needs a track (fmri or meg) and a region (EVC, IT, early or late)", "Track", "Region");
            return AlgonautsTrainingLayout.Load(folder, AlgonautsNames.ParseTrack(track), AlgonautsNames.ParseRegion(region));
        }
        if (request.Images.Count == 0) throw new SettingException("training data is needed: an Algonauts folder, or images with their RDMs", "Algonauts", "Images", "Targets");
        if (request.Images.Count != request.Targets.Count)
            throw new SettingException($"{request.Images.Count} image sets but {request.Targets.Count} targets: each image set needs its RDMs", "Images", "Targets");
        return request.Images.Select((spec, k) => ImageSetFiles.Load($"set{k + 1}", spec, request.Targets[k])).ToList();
    }
}
