namespace DissimNet.Training;

/// <summary>Where to read the predicted dissimilarity and what to keep fixed when the user names neither.</summary>
/// <param name="TrainLayer">Layer whose features give the predicted dissimilarity.</param>
/// <param name="Freeze">Freeze specification (see <see cref="FreezeSpec"/>).</param>
public sealed record TrainingDefaults(string TrainLayer, string Freeze)
{
    /// <summary>Defaults for an architecture, or null when the user must choose.</summary>
    /// <remarks>For the ResNets only the last residual stage is trained, read at its output: with 46-92 images
    /// there is too little data to move the earlier, generic stages, and freezing them lets their activations
    /// be computed once. AlexNet and VGG-16 have presets (<see cref="TrainingPresets"/>) instead.</remarks>
    public static TrainingDefaults? For(string architecture) => architecture.Trim().ToLowerInvariant() switch
    {
        "resnet18-imagenet" => new("stage4", "upto:stage3"),
        "resnet18" => new("layer4", "upto:layer3"),
        _ => null,
    };
}
