namespace DissimNet.Training;

/// <summary>Picks and names the best of a map of layer scores, leaving out undefined (NaN or infinite) scores.</summary>
/// <remarks>A layer whose RDM is constant has no rank correlation: its score is NaN, and it must neither win nor hide the others.</remarks>
internal static class LayerScores
{
    /// <summary>The layer with the highest finite score (the first of equals, in the map's order), or null when no score is finite.</summary>
    public static (string Layer, double Score)? Top(IReadOnlyDictionary<string, double> scores)
    {
        (string Layer, double Score)? top = null;
        foreach (var (layer, score) in scores)
            if (double.IsFinite(score) && (top is null || score > top.Value.Score)) top = (layer, score);
        return top;
    }

    /// <summary>"best layer conv3 0.2140", noting layers without a score, or saying that no layer has one.</summary>
    public static string Describe(IReadOnlyDictionary<string, double> scores)
    {
        if (scores.Count == 0) return "no layers scored";
        int undefined = scores.Values.Count(v => !double.IsFinite(v));
        if (Top(scores) is not { } top) return $"no layer has a score (all {scores.Count} are NaN)";
        return $"best layer {top.Layer} {top.Score:F4}" + (undefined > 0 ? $" ({undefined} of {scores.Count} layers have no score)" : "");
    }
}
