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
