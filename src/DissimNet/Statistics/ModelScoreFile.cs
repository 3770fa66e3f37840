using System.Text.Json;
using System.Text.Json.Serialization;
using DissimNet.IO;

namespace DissimNet.Statistics;

/// <summary>A <see cref="ModelScore"/> as a JSON file: what an rdm-score cell of a sweep leaves as its result, written and read
/// back by this one serializer (snake_case names, enums by name, NaN as <c>"NaN"</c>).</summary>
internal static class ModelScoreFile
{
    /// <summary>How the file is written and read.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes <paramref name="score"/> to <paramref name="path"/> (atomically; within <paramref name="within"/> when given, see
    /// <see cref="OutputFile.Write"/>).</summary>
    public static void Write(ModelScore score, string path, string? within = null) =>
        OutputFile.WriteText(path, JsonSerializer.Serialize(score, Json) + "\n", within);

    /// <summary>Reads a score written by <see cref="Write"/>.</summary>
    /// <exception cref="DissimNetException">"PATH: missing", or "PATH: not a score file (...)" when it is not the JSON <see cref="Write"/> writes.</exception>
    public static ModelScore Read(string path)
    {
        if (!File.Exists(path)) throw new DissimNetException($"{path}: missing");
        try
        {
            return JsonSerializer.Deserialize<ModelScore>(FileBytes.ReadText(path, "a score"), Json)
                ?? throw new DissimNetException($"{path}: not a score file (null)");
        }
        catch (JsonException e)
        {
            throw new DissimNetException($"{path}: not a score file ({e.Message})", e);
        }
    }
}
