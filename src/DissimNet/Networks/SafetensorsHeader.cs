using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DissimNet.IO;

namespace DissimNet.Networks;

/// <summary>Checks a safetensors file's header (8-byte little-endian length, then JSON of dtype, shape and data_offsets per tensor)
/// against the file's real size before any tensor is allocated.</summary>
/// <remarks>PyBridge allocates what the header declares: a tiny file declaring a 100000 x 100000 tensor would ask for 40 GB.</remarks>
internal static class SafetensorsHeader
{
    private const long MaxHeaderBytes = 100 << 20; // the format's own cap on the JSON header
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Throws a one-line error unless every tensor's declared bytes match its dtype and shape and lie inside the file.</summary>
    public static void Check(string path)
    {
        long fileLength = FileBytes.CheckRegular(path);
        using var stream = File.OpenRead(path);
        var lengthBytes = new byte[8];
        if (stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
            throw Error(path, "file is truncated (no 8-byte header length)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)Math.Min(MaxHeaderBytes, fileLength - 8))
            throw Error(path, $"header claims {headerLength} bytes but the file has {fileLength - 8} after the length (truncated or not safetensors)");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        long dataLength = fileLength - 8 - (long)headerLength;
        // The JSON parser checks names' UTF-8 only when they are read, with an exception of its own: checked here first.
        try { _ = StrictUtf8.GetCharCount(json); }
        catch (DecoderFallbackException) { throw Error(path, "header is not valid UTF-8 text (corrupt file or not safetensors)"); }
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException e) { throw Error(path, $"header is not valid JSON ({e.Message})"); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Error(path, "header is not a JSON object");
            foreach (var tensor in document.RootElement.EnumerateObject())
                if (tensor.Name != "__metadata__") CheckTensor(path, tensor.Name, tensor.Value, dataLength);
        }
    }

    private static void CheckTensor(string path, string name, JsonElement tensor, long dataLength)
    {
        try
        {
            long elementSize = DtypeSize(tensor.GetProperty("dtype").GetString());
            long count = 1;
            var shape = tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            foreach (long d in shape)
            {
                if (d < 0) throw Error(path, $"tensor '{name}' has negative dimension {d}");
                count = count < 0 ? -1 : ReadLimits.Bytes(count, d); // -1 once it overflows
            }
            long bytes = count < 0 ? -1 : ReadLimits.Bytes(count, elementSize);
            var offsets = tensor.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw Error(path, $"tensor '{name}' has invalid data_offsets");
            string shapeText = string.Join(" x ", shape);
            if (bytes < 0 || offsets[1] - offsets[0] != bytes)
                throw Error(path, $"tensor '{name}' of shape {shapeText} needs {ReadLimits.Describe(bytes)} but its data_offsets span {offsets[1] - offsets[0]} bytes (corrupt header)");
            if (offsets[1] > dataLength)
                throw Error(path, $"tensor '{name}' of shape {shapeText} ends at byte {offsets[1]} of the data, but the file holds {dataLength} (truncated or corrupt)");
            ReadLimits.Check(bytes, $"{path}: tensor '{name}'", $"shape {shapeText}");
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw Error(path, $"tensor '{name}' lacks a valid dtype, shape or data_offsets ({e.Message})");
        }
    }

    private static long DtypeSize(string? dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" => 1,
        _ => throw new FormatException($"unknown dtype '{dtype}'"),
    };

    private static DissimNetException Error(string path, string problem) => new($"{path}: {problem}");
}
