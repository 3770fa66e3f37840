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
    /// <summary>The recipe used without <c>--recipe</c> and without a preset: the ceiling recipe.</summary>
    public const string DefaultName = CeilingName;

    /// <summary>DissimNet's defaults before the ceiling recipe (plain SGD), kept to repeat earlier runs.</summary>
    public const string SgdName = "sgd";

    /// <summary>The recipe a preset implies unless <c>--recipe</c> says otherwise.</summary>
    public const string Algonauts2019Name = "algonauts2019";

    /// <summary>The recipe chosen by the ablation in docs/training.md to come closest to the noise ceiling.</summary>
    public const string CeilingName = "ceiling";

    /// <summary>Every recipe.</summary>
    public static readonly IReadOnlyList<TrainingRecipe> All =
    [
        new(CeilingName, CeilingDescription, Ceiling),
        new(SgdName, "DissimNet's defaults before the ceiling recipe: correlation loss, batches of 32 images and all their pairs, plain SGD at 0.005",
            new TrainRequest { Optimizer = OptimizerKind.Sgd, LearningRate = 0.005 }),
        new(Algonauts2019Name, "the 2019 Siamese recipe: squared error on z-scored targets, batches of pairs (the preset's 32 or 16, else 32), plain SGD at 0.005",
            new TrainRequest
            {
                Loss = DissimilarityLoss.SquaredError,
                Pairing = Training.Pairing.Pairs,
                LearningRate = 0.005,
                Optimizer = OptimizerKind.Sgd,
                Momentum = 0,
            }),
    ];

    const string CeilingDescription = "Adam at 0.0003, stopped when validation has not improved for 5 epochs (at most 30); chosen on validation scores by the ablation in docs/training.md";

    /// <summary>The ceiling recipe's choices (see docs/training.md, "Toward the noise ceiling", for the measurements behind each).</summary>
    static TrainRequest Ceiling => new()
    {
        Optimizer = OptimizerKind.Adam,
        LearningRate = 0.0003,
        Patience = 5,
        Epochs = 30,
    };

    /// <summary>The request with what it leaves open filled from its recipe (<see cref="TrainRequest.Recipe"/>, else algonauts2019
    /// with a preset, else ceiling), and the recipe named in it; filling twice changes nothing.</summary>
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
