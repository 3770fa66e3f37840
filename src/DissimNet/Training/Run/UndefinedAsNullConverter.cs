using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DissimNet.Training;

/// <summary>Writes a NaN or infinite double as JSON null and reads null back as NaN.</summary>
/// <remarks>JSON has no NaN: a string "NaN" breaks strict readers (Python's json, jq) where null reads as a missing value.
/// Strings such as "NaN" or "Infinity" in files written before this converter are still read.</remarks>
internal sealed class UndefinedAsNullConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => double.NaN,
        JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => reader.GetDouble(),
    };

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
