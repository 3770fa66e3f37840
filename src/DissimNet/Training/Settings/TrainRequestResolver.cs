namespace DissimNet.Training;

/// <summary>A request with every choice made: the settings the trainer runs with, and the network and data choices around them.</summary>
/// <param name="Settings">The trainer's settings (also recorded in summary.json).</param>
/// <param name="Network">Architecture, weights file and input side.</param>
/// <param name="Transform">Target preparation, or null to choose by the target's shape (MEG-style for subjects x time).</param>
/// <param name="Track">Algonauts track, when given or set by the preset.</param>
/// <param name="Region">Algonauts region, when given or set by the preset.</param>
/// <param name="Preset">The preset the request started from, if any.</param>
public sealed record ResolvedTraining(TrainingSettings Settings, NetworkSource Network, TargetTransform? Transform,
    string? Track, string? Region, TrainingPreset? Preset);

/// <summary>Fills a <see cref="TrainRequest"/> in one order everywhere (<see cref="Resolve"/>).</summary>
public static class TrainRequestResolver
{
    /// <summary>The network used when neither the request nor a preset names one.</summary>
    public const string DefaultModel = "resnet18-imagenet";

    /// <summary>The input side used when neither the request nor a preset gives one.</summary>
    public const int DefaultInputSize = 224;

    /// <summary>Resolves the request. Each training setting takes its value from the first of these that gives it: the user
    /// (<see cref="TrainRequest.Settings"/>), the recipe, the workflow's defaults (<paramref name="workflowDefaults"/>, e.g.
    /// cross-validation's epochs), the preset, the architecture (<see cref="TrainingDefaults"/>), and the declaration
    /// (<see cref="TrainingSettings"/>). Then every setting is checked, before any data is read.</summary>
    /// <exception cref="SettingException">For a missing choice or a value out of range, naming the setting.</exception>
    public static ResolvedTraining Resolve(TrainRequest request, SettingOverlay? workflowDefaults = null)
    {
        var preset = request.Preset is { } name ? TrainingPresets.Get(name) : null;
        var recipe = TrainingRecipes.For(request);
        preset?.RequireWeights(request.Weights);
        string model = request.Model ?? preset?.Architecture ?? DefaultModel;
        var network = new NetworkSource(model, request.Weights is null ? null : Path.GetFullPath(request.Weights),
            request.InputSize ?? preset?.InputSize ?? DefaultInputSize);
        var start = TrainingSettings.Defaults with { Network = network, Command = request.Command, Recipe = recipe.Name };
        var settings = SettingOverlay.Merge(start, request.Settings, recipe.Settings, workflowDefaults ?? SettingOverlay.Empty,
            preset?.Settings ?? SettingOverlay.Empty, TrainingDefaults.For(model));
        if (string.IsNullOrWhiteSpace(settings.TrainLayer))
            throw new SettingException($"{model} has no default train layer: name the layer to train (`dissimnet layers` lists them)", nameof(TrainingSettings.TrainLayer));
        settings.Validate();
        return new ResolvedTraining(settings, network, request.Transform ?? preset?.Transform,
            request.Track ?? preset?.Track, request.Region ?? preset?.Region, preset);
    }
}
