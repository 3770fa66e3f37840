using System.Text.Json;

namespace DissimNet.Cli.Output;

/// <summary>Writes one indented JSON object to a text writer; NaN becomes null, since JSON has no NaN.</summary>
internal static class JsonOut
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static void Number(this Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }

    public static void Numbers(this Utf8JsonWriter writer, string name, IEnumerable<double> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
            if (double.IsFinite(v)) writer.WriteNumberValue(v);
            else writer.WriteNullValue();
        writer.WriteEndArray();
    }
}
