namespace DissimNet.Training;

/// <summary>A named set of training choices (loss, batches, optimiser, schedule, stopping) that fills in what the user left open,
/// above the preset and the network's defaults.</summary>
/// <param name="Name">Recipe name for <c>--recipe</c>.</param>
/// <param name="Description">One line for listings and help.</param>
/// <param name="Settings">The settings the recipe gives; the others come from the preset, the network and the declared defaults.</param>
public sealed record TrainingRecipe(string Name, string Description, SettingOverlay Settings);

/// <summary>The built-in recipes.</summary>
public static class TrainingRecipes
{
    /// <summary>The recipe used without <c>--recipe</c> and without a preset: the ceiling recipe.</summary>
    public const string DefaultName = CeilingName;

    /// <summary>DissimNet's declared defaults (plain SGD), kept to repeat runs from before the ceiling recipe.</summary>
    public const string SgdName = "sgd";

    /// <summary>The recipe a preset implies unless <c>--recipe</c> says otherwise.</summary>
    public const string Algonauts2019Name = "algonauts2019";

    /// <summary>The recipe chosen by the ablation in docs/training.md to come closest to the noise ceiling.</summary>
    public const string CeilingName = "ceiling";

    /// <summary>Every recipe. Their settings are written as on the command line and read through the settings' declarations.</summary>
    public static readonly IReadOnlyList<TrainingRecipe> All =
    [
        // The ceiling recipe's choices: see docs/training.md, "Toward the noise ceiling", for the measurements behind each.
        new(CeilingName, "Adam at 0.0003, stopped when validation has not improved for 5 epochs (at most 30); chosen on validation scores by the ablation in docs/training.md",
            SettingOverlay.Parse(("optimizer", "adam"), ("lr", "0.0003"), ("patience", "5"), ("epochs", "30"))),
        new(SgdName, "the declared defaults, DissimNet's before the ceiling recipe: correlation loss, batches of 32 images and all their pairs, plain SGD",
            SettingOverlay.Empty),
        new(Algonauts2019Name, "the 2019 Siamese recipe: squared error on z-scored targets, batches of pairs (the preset's 32 or 16, else 32), plain SGD",
            SettingOverlay.Parse(("loss", "mse"), ("pairing", "pairs"))),
    ];

    /// <summary>The recipe of <paramref name="request"/>: <see cref="TrainRequest.Recipe"/>, else algonauts2019 with a preset, else ceiling.</summary>
    public static TrainingRecipe For(TrainRequest request) => Get(request.Recipe ?? (request.Preset is null ? DefaultName : Algonauts2019Name));

    /// <summary>The recipe of that name; throws <see cref="SettingException"/> listing the names.</summary>
    public static TrainingRecipe Get(string name) =>
        All.FirstOrDefault(r => r.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new SettingException($"recipe '{name}' is not known (choices: {string.Join(", ", All.Select(r => r.Name))})", "Recipe");
}
