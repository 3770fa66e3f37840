namespace DissimNet.Training;

/// <summary>Where to read the predicted dissimilarity and what to keep fixed when the user names neither, per architecture.</summary>
/// <remarks>For the ResNets only the last residual stage is trained, read at its output: with 46-92 images there is too little
/// data to move the earlier, generic stages, and freezing them lets their activations be computed once. AlexNet and VGG-16
/// have presets (<see cref="TrainingPresets"/>) instead.</remarks>
public static class TrainingDefaults
{
    /// <summary>The architecture's settings overlay (empty when the user must choose the layer).</summary>
    public static SettingOverlay For(string architecture) => architecture.Trim().ToLowerInvariant() switch
    {
        "resnet18-imagenet" => SettingOverlay.Parse(("train-layer", "stage4"), ("freeze", "upto:stage3")),
        "resnet18" => SettingOverlay.Parse(("train-layer", "layer4"), ("freeze", "upto:layer3")),
        _ => SettingOverlay.Empty,
    };

    /// <summary>The architectures with defaults, for help.</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["resnet18-imagenet", "resnet18"];
}
