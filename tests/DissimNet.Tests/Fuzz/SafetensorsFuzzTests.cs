using System.Text;
using DissimNet.Networks;
using DissimNet.Tests.IO;
using static TorchSharp.torch;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes the safetensors weights reader: the header's JSON (dtype, shape, data_offsets) is checked before any tensor is allocated.</summary>
[Collection("Fuzz")]
public sealed class SafetensorsFuzzTests
{
    internal static byte[] File(string json, int dataBytes)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var data = Enumerable.Range(0, dataBytes).Select(i => (byte)(i * 7 % 64)).ToArray();
        return [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. data];
    }

    internal static IReadOnlyList<FuzzSeed> Seeds()
    {
        const string json = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"n\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]}}";
        var valid = File(json, 40);
        byte[] With(string find, string replace) => File(json.Replace(find, replace), 40);
        return
        [
            new("two-tensors", valid, Crafted:
            [
                ("shape 100000 x 100000 past the file", BombFiles.Safetensors()),
                ("offsets that disagree with the shape", BombFiles.Safetensors(end: 16)),
                ("shape [2,-3]", With("[2,3]", "[2,-3]")),
                ("shape [0,3]", With("[2,3]", "[0,3]")),
                ("shape [46340,46340] with matching offsets", With("[2,3],\"data_offsets\":[0,24]", "[46340,46340],\"data_offsets\":[0,8589410400]")),
                ("shape of 2^62 elements", With("[2,3]", "[4611686018427387904,4]")),
                ("negative offsets", With("[0,24]", "[-24,0]")),
                ("overlapping tensors", With("[24,40]", "[8,24]")),
                ("duplicate tensor names", With("\"n\"", "\"w\"")),
                ("unknown dtype", With("I64", "C64")),
                ("shape as a string", With("[2,3]", "\"2x3\"")),
                ("header length past the file", [.. BitConverter.GetBytes(ulong.MaxValue), .. valid[8..]]),
                ("header not JSON", File("[[[[", 0)),
                ("a tensor name that is not UTF-8", [.. valid[..(8 + json.IndexOf("\"w\"") + 1)], 0xFF, .. valid[(8 + json.IndexOf("\"w\"") + 2)..]]),
                ("deeply nested header", File(new string('[', 5000) + new string(']', 5000), 0)),
            ]),
        ];
    }

    internal static string Fingerprint(Dictionary<string, Tensor> tensors)
    {
        string text;
        using (NewDisposeScope()) // the temporaries of the sums
            text = string.Join(";", tensors.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{t.Key} {t.Value.dtype} [{string.Join(",", t.Value.shape)}] {t.Value.to_type(ScalarType.Float64).sum().item<double>()}"));
        foreach (var t in tensors.Values) t.Dispose();
        return text;
    }

    [Fact]
    public void ReadNeverFailsOtherThanWithOneLine() =>
        FuzzRunner.Run("safetensors", ".safetensors", Seeds(), path => Fingerprint(StateDictFile.Read(path)));
}
