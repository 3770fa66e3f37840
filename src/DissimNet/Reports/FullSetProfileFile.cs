using System.Text.Json;
using System.Text.Json.Nodes;
using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Statistics;

namespace DissimNet.Reports;

/// <summary>A layer profile of the network before training on every image of a set (not only the held-out ones), for the report.</summary>
/// <param name="Images">Number of images the RDMs cover.</param>
/// <param name="Target">What the target RDMs are (e.g. "human IT fMRI RDMs of 4 subjects ...").</param>
/// <param name="Layers">Layers in forward order.</param>
/// <param name="Scores">Mean score over subjects per layer.</param>
/// <param name="Sem">Standard error over subjects per layer.</param>
/// <param name="NoiseCeiling">Lower and upper noise ceiling of the target, when known.</param>
internal sealed record FullSetProfile(int Images, string Target, IReadOnlyList<string> Layers, IReadOnlyDictionary<string, double> Scores,
    IReadOnlyDictionary<string, double>? Sem, (double Lower, double Upper)? NoiseCeiling);

/// <summary>Reads and writes <c>profile.json</c> of a run folder: {<c>images</c>, <c>target</c>, <c>layers</c> {layer: score},
/// <c>sem</c> {layer: SEM}, <c>noise_ceiling</c> {<c>lower</c>, <c>upper</c>}}; layers in key order.</summary>
internal static class FullSetProfileFile
{
    /// <summary>Writes a layer profile (SEM over its targets per layer).</summary>
    public static void Write(string path, LayerProfile profile, int images, string target)
    {
        var layers = new JsonObject();
        var sem = new JsonObject();
        foreach (var layer in profile.Layers)
        {
            layers[layer.Layer] = Finite(layer.Mean);
            sem[layer.Layer] = Finite(StandardError(layer.PerTarget));
        }
        var root = new JsonObject
        {
            ["images"] = images,
            ["target"] = target,
            ["score_method"] = $"mean {profile.Method.Name()} over subjects",
            ["layers"] = layers,
            ["sem"] = sem,
        };
        if (profile.Ceiling is { } c) root["noise_ceiling"] = new JsonObject { ["lower"] = c.Lower, ["upper"] = c.Upper };
        IO.OutputFile.WriteText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads the file; throws <see cref="DissimNetException"/> when it is malformed.</summary>
    public static FullSetProfile Read(string path)
    {
        try
        {
            var root = JsonNode.Parse(IO.FileBytes.ReadText(path, "a layer profile"))?.AsObject() ?? throw new DissimNetException($"{path}: expected a JSON object");
            var scores = Map(root["layers"]);
            var sem = root["sem"] is null ? null : Map(root["sem"]);
            (double, double)? ceiling = root["noise_ceiling"] is JsonObject c
                ? (c["lower"]!.GetValue<double>(), c["upper"]!.GetValue<double>()) : null;
            return new FullSetProfile(root["images"]?.GetValue<int>() ?? 0, root["target"]?.GetValue<string>() ?? "target",
                scores.Keys.ToList(), scores, sem, ceiling);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new DissimNetException($"{path}: not a layer profile ({e.Message})", e);
        }
    }

    static Dictionary<string, double> Map(JsonNode? node)
    {
        var map = new Dictionary<string, double>();
        if (node is not JsonObject o) throw new FormatException("'layers' and 'sem' map layer names to numbers");
        foreach (var (key, value) in o) map[key] = value is null ? double.NaN : value.GetValue<double>();
        return map;
    }

    static double StandardError(double[] values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length < 2) return double.NaN;
        double mean = finite.Average();
        return Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1) / finite.Length);
    }

    static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
