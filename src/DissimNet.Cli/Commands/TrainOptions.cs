using System.CommandLine;
using DissimNet.Networks;
using DissimNet.Training;

namespace DissimNet.Cli.Commands;

/// <summary>The options that make a <see cref="TrainRequest"/>, shared by <c>train</c> and <c>crossval</c> so both train the same way.
/// Each training setting's option is made from its declaration (<see cref="SettingDeclaration"/>): name, help, default and check.</summary>
internal sealed class TrainOptions
{
    public readonly Option<string?> Preset = new("--preset") { Description = $"Start from a preset ({string.Join(", ", TrainingPresets.All.Select(p => p.Name))}); other options override it" };
    public readonly Option<string?> Recipe = new("--recipe") { Description = $"Training choices to start from: {string.Join("; ", TrainingRecipes.All.Select(r => $"{r.Name} ({r.Description})"))}. Default: {TrainingRecipes.Algonauts2019Name} with --preset, else {TrainingRecipes.DefaultName}; other options override it" };
    public readonly Option<string?> Track = new("--track") { Description = "Algonauts track: fmri or meg" };
    public readonly Option<string?> Region = new("--region") { Description = "Algonauts region: EVC or IT (fmri), early or late (meg)" };
    public readonly Option<string?> Model = new("--model") { Description = $"Network: {string.Join(", ", NetworkZoo.Architectures)} (default: the preset's, else {TrainRequestResolver.DefaultModel}, embedded and ImageNet-trained)" };
    public readonly Option<string?> Weights = NetworkOptions.Weights();
    public readonly Option<int?> Size = new("--size") { Description = $"Square input side in pixels (default: the preset's, else {TrainRequestResolver.DefaultInputSize})" };
    public readonly Option<string?> Transform = new("--transform", "--target-transform") { Description = "Target preparation: zscore, zscore-meg or none (default: zscore-meg for subjects x time targets, else zscore)" };
    public readonly Option<string> Device = NetworkOptions.Device();
    public readonly Option<int?> Threads = NetworkOptions.Threads();

    /// <summary>The option of each training setting, in declaration order.</summary>
    readonly IReadOnlyList<(SettingDeclaration Setting, Option Option)> settings;

    /// <summary>The options; <paramref name="workflowDefaults"/> (named <paramref name="workflow"/>) are the defaults a workflow lays over
    /// the recipe's gaps, shown in help.</summary>
    public TrainOptions(SettingOverlay? workflowDefaults = null, string? workflow = null)
    {
        Recipe.AcceptOnlyFromAmong([.. TrainingRecipes.All.Select(r => r.Name)]);
        settings = [.. SettingDeclaration.All.Select(s => (s, SettingOptions.Create(s, workflowDefaults ?? SettingOverlay.Empty, workflow)))];
    }

    /// <summary>The options in help order: the network, the training settings, the runtime.</summary>
    public IEnumerable<Option> Network => [Model, Weights, Size, Transform, .. settings.Select(s => s.Option), Device, Threads];

    /// <summary>The command's runtime context with <c>--threads</c> applied (see <see cref="NetworkOptions.Runtime"/>), on the CPU.</summary>
    public Networks.Runtime.RuntimeContext Runtime(CliConsole console, ParseResult parse) => NetworkOptions.Runtime(console, parse, Threads);

    /// <summary><paramref name="runtime"/> on the device the options name (auto's fallback note goes through <paramref name="progress"/>).</summary>
    public Networks.Runtime.RuntimeContext OnDevice(CliConsole console, Networks.Runtime.RuntimeContext runtime, ParseResult parse, IProgressSink progress) =>
        NetworkOptions.OnDevice(console, runtime, parse, Device, progress);

    /// <summary>The request the options describe; a setting's value is read and checked by its declaration (exit 2 on a bad one).</summary>
    public TrainRequest Request(ParseResult parse) => new()
    {
        Settings = settings.Aggregate(SettingOverlay.Empty, (overlay, s) => SettingOptions.Read(parse, s.Setting, s.Option, overlay)),
        Preset = parse.GetValue(Preset),
        Recipe = parse.GetValue(Recipe),
        Model = parse.GetValue(Model),
        Weights = parse.GetValue(Weights),
        InputSize = parse.GetValue(Size),
        Transform = parse.GetValue(Transform) is { } t ? TargetTransforms.Parse(t) : null,
        Command = CommonOptions.CommandLine(parse),
        Track = parse.GetValue(Track),
        Region = parse.GetValue(Region),
    };
}
