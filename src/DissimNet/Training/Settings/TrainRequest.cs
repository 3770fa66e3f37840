namespace DissimNet.Training;

/// <summary>What the user asked of a training run: the network and data choices around the trainer, and the training settings
/// given (<see cref="Settings"/>); <see cref="TrainRequestResolver"/> fills everything left open.</summary>
public sealed record TrainRequest
{
    /// <summary>The training settings given; the rest come from the recipe, the preset, the architecture and the declared defaults.</summary>
    public SettingOverlay Settings { get; init; } = SettingOverlay.Empty;

    /// <summary>A published setup to start from (<see cref="TrainingPresets"/>).</summary>
    public string? Preset { get; init; }

    /// <summary>A named set of training choices filling what is left open (<see cref="TrainingRecipes"/>); default: algonauts2019
    /// with a preset, else ceiling.</summary>
    public string? Recipe { get; init; }

    /// <summary>Network architecture (<c>NetworkZoo.Architectures</c>); default: the preset's, else the embedded ResNet-18.</summary>
    public string? Model { get; init; }

    /// <summary>Weights file, or null for the architecture's own (embedded or random).</summary>
    public string? Weights { get; init; }

    /// <summary>Square input side in pixels; default: the preset's, else 224.</summary>
    public int? InputSize { get; init; }

    /// <summary>Target preparation; default: the preset's, else z-score (MEG-style for subjects x time targets).</summary>
    public TargetTransform? Transform { get; init; }

    /// <summary>Algonauts 2019 track (fmri, meg) for the Algonauts layout; default: the preset's.</summary>
    public string? Track { get; init; }

    /// <summary>Algonauts 2019 region (EVC, IT, early, late); default: the preset's.</summary>
    public string? Region { get; init; }

    /// <summary>Where to run: cpu, cuda, cuda:N or auto (<c>Networks.Runtime.ComputeDevice</c>); a runtime choice, not a
    /// training setting, so a run may resume on another device. Null: the CPU.</summary>
    public string? Device { get; init; }

    /// <summary>The command line, recorded in the run folder.</summary>
    public string? Command { get; init; }
}
