namespace DissimNet.Training;

/// <summary>A named set of training choices (network, data, layers, optimiser) reproducing a published setup.</summary>
/// <param name="Name">Preset name, e.g. "algonauts2019-fmri-early".</param>
/// <param name="Description">One line for listings.</param>
/// <param name="Architecture">Network architecture; started from ImageNet-trained weights the user supplies.</param>
/// <param name="Track">Algonauts track: fmri or meg.</param>
/// <param name="Region">Algonauts region: EVC, IT, early or late.</param>
/// <param name="Transform">Target preparation.</param>
/// <param name="Settings">The training settings the preset gives: layers kept fixed, the layer trained, and the batch (pairs per
/// batch in the original). The optimisation (loss, pairing, optimiser, learning rate) is the recipe's.</param>
/// <param name="InputSize">Square side in pixels the network runs at, in training and prediction, or null for the network's default.</param>
public sealed record TrainingPreset(string Name, string Description, string Architecture, string Track, string Region,
    TargetTransform Transform, SettingOverlay Settings, int? InputSize = null)
{
    /// <summary>Throws a <see cref="DissimNetException"/> explaining what to pass when the ImageNet weights are missing.</summary>
    public void RequireWeights(string? weightsPath)
    {
        if (string.IsNullOrWhiteSpace(weightsPath))
            throw new SettingException($"preset '{Name}' starts from ImageNet-trained {Architecture} weights, which DissimNet does not ship; "
                + $"give torchvision's {Architecture} ImageNet weights as the weights file (a .safetensors or PyTorch state_dict file)", "Weights");
        if (!File.Exists(weightsPath))
            throw new DissimNetException($"{weightsPath}: file not found (preset '{Name}' needs ImageNet-trained {Architecture} weights)");
    }
}

/// <summary>The built-in presets.</summary>
/// <remarks>Values follow the Algonauts 2019 Siamese submission (AlexNet's early layers for early signals, VGG-16 for late
/// ones, 32 pairs per batch for fMRI and 16 for MEG; their SGD at 0.005 is the algonauts2019 recipe's). The training layer of each preset is DissimNet's
/// choice (the deepest layer a trained parameter feeds for AlexNet, the last convolution for VGG-16); override it with --train-layer.</remarks>
public static class TrainingPresets
{
    /// <summary>Every preset.</summary>
    public static readonly IReadOnlyList<TrainingPreset> All =
    [
        new("algonauts2019-fmri-early", "AlexNet, layers up to conv4 trained on EVC fMRI RDMs", "alexnet", "fmri", "EVC",
            TargetTransform.ZScore, Layers("from:conv5", "conv4", 32)),
        new("algonauts2019-fmri-late", "VGG-16, layers after conv5_2 trained on IT fMRI RDMs", "vgg16", "fmri", "IT",
            TargetTransform.ZScore, Layers("upto:conv5_2", "conv5_3", 32)),
        new("algonauts2019-meg-early", "AlexNet, layers up to conv4 trained on early-window MEG RDMs", "alexnet", "meg", "early",
            TargetTransform.ZScoreMeg, Layers("from:conv5", "conv4", 16)),
        new("algonauts2019-meg-late", "VGG-16 at 300 x 300 pixels, all layers trained on late-window MEG RDMs", "vgg16", "meg", "late",
            TargetTransform.ZScoreMeg, Layers("none", "conv5_3", 16), InputSize: 300),
    ];

    static SettingOverlay Layers(string freeze, string trainLayer, int batch) =>
        SettingOverlay.Parse(("freeze", freeze), ("train-layer", trainLayer), ("batch", batch.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The preset of that name; throws <see cref="DissimNetException"/> listing the names.</summary>
    public static TrainingPreset Get(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new DissimNetException($"preset '{name}' is not known (choices: {string.Join(", ", All.Select(p => p.Name))})");
}
