using System.Reflection;

namespace DissimNet.Training;

/// <summary>A named set of training choices (loss, batches, optimiser, schedule, read-out, augmentation) that fills in what the
/// user left open, before a preset and the network's defaults do.</summary>
/// <param name="Name">Recipe name for <c>--recipe</c>.</param>
/// <param name="Description">One line for listings and help.</param>
/// <param name="Choices">The choices; null properties leave the decision to the preset, the network and the settings' defaults.</param>
public sealed record TrainingRecipe(string Name, string Description, TrainRequest Choices)
{
    /// <summary>The request with every choice the user left open (null) taken from this recipe.</summary>
    public TrainRequest Fill(TrainRequest request)
    {
        // Reflection rather than a hand-kept list, so a setting added to TrainRequest can never be silently left out of recipes.
        var filled = request with { };
        foreach (var property in typeof(TrainRequest).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || property.GetValue(request) is not null) continue;
            if (property.GetValue(Choices) is { } choice) property.SetValue(filled, choice);
        }
        return filled;
    }
}

/// <summary>The built-in recipes.</summary>
public static class TrainingRecipes
{
    /// <summary>The recipe used without <c>--recipe</c> and without a preset.</summary>
    public const string DefaultName = "default";

    /// <summary>The recipe a preset implies unless <c>--recipe</c> says otherwise.</summary>
    public const string Algonauts2019Name = "algonauts2019";

    /// <summary>The recipe chosen by the ablation in docs/training.md to come closest to the noise ceiling.</summary>
    public const string CeilingName = "ceiling";

    /// <summary>Every recipe.</summary>
    public static readonly IReadOnlyList<TrainingRecipe> All =
    [
        new(DefaultName, "DissimNet's defaults: correlation loss, batches of 32 images and all their pairs, SGD at 0.005", new TrainRequest()),
        new(Algonauts2019Name, "the 2019 Siamese recipe: squared error on z-scored targets, batches of pairs (the preset's 32 or 16, else 32), plain SGD at 0.005",
            new TrainRequest
            {
                Loss = DissimilarityLoss.SquaredError,
                Pairing = Training.Pairing.Pairs,
                LearningRate = 0.005,
                Optimizer = OptimizerKind.Sgd,
                Momentum = 0,
            }),
        new(CeilingName, CeilingDescription, Ceiling),
    ];

    const string CeilingDescription = "PLACEHOLDER";

    static TrainRequest Ceiling => new()
    {
        BatchSize = 16,
    };

    /// <summary>The request with what it leaves open filled from its recipe (<see cref="TrainRequest.Recipe"/>, else algonauts2019
    /// with a preset, else default), and the recipe named in it; filling twice changes nothing.</summary>
    public static TrainRequest Apply(TrainRequest request)
    {
        var recipe = Get(request.Recipe ?? (request.Preset is null ? DefaultName : Algonauts2019Name));
        return recipe.Fill(request) with { Recipe = recipe.Name };
    }

    /// <summary>The recipe of that name; throws <see cref="SettingException"/> listing the names.</summary>
    public static TrainingRecipe Get(string name) =>
        All.FirstOrDefault(r => r.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new SettingException($"recipe '{name}' is not known (choices: {string.Join(", ", All.Select(r => r.Name))})", "Recipe");
}
