using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks.Onnx;

/// <summary>Conversions from ONNX protobuf tensors and attributes to TorchSharp values.</summary>
internal static class OnnxTensors
{
    /// <summary>Copies an ONNX TensorProto (float, double, int32 or int64; raw or typed data) into a CPU tensor (a module moves it later with <c>to(device)</c>).</summary>
    public static Tensor ToTorch(TensorProto proto, string where)
    {
        var shape = proto.Dims.ToArray();
        var type = (TensorProto.Types.DataType)proto.DataType;
        var raw = proto.RawData;
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
                return tensor(raw.Length > 0 ? FromRaw<float>(raw) : proto.FloatData.ToArray(), shape, ScalarType.Float32, device: CPU);
            case TensorProto.Types.DataType.Double:
                return tensor(raw.Length > 0 ? FromRaw<double>(raw) : proto.DoubleData.ToArray(), shape, ScalarType.Float64, device: CPU);
            case TensorProto.Types.DataType.Int64:
                return tensor(raw.Length > 0 ? FromRaw<long>(raw) : proto.Int64Data.ToArray(), shape, ScalarType.Int64, device: CPU);
            case TensorProto.Types.DataType.Int32:
                return tensor(raw.Length > 0 ? FromRaw<int>(raw) : proto.Int32Data.ToArray(), shape, ScalarType.Int32, device: CPU);
            default:
                throw new DissimNetException($"{where}: tensor '{proto.Name}' has ONNX data type {type}; supported: float, double, int32, int64");
        }
    }

    static T[] FromRaw<T>(ByteString raw) where T : unmanaged
    {
        var bytes = raw.Span;
        var result = new T[bytes.Length / System.Runtime.CompilerServices.Unsafe.SizeOf<T>()];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes).CopyTo(result);
        return result;
    }

    /// <summary>Reads the node's attributes into a name-indexed dictionary.</summary>
    public static Dictionary<string, AttributeProto> Attributes(NodeProto node) =>
        node.Attribute.ToDictionary(a => a.Name, a => a);

    public static long Int(this Dictionary<string, AttributeProto> a, string name, long fallback) =>
        a.TryGetValue(name, out var v) ? v.I : fallback;

    public static float Float(this Dictionary<string, AttributeProto> a, string name, float fallback) =>
        a.TryGetValue(name, out var v) ? v.F : fallback;

    public static string String(this Dictionary<string, AttributeProto> a, string name, string fallback) =>
        a.TryGetValue(name, out var v) ? v.S.ToStringUtf8() : fallback;

    public static long[]? Ints(this Dictionary<string, AttributeProto> a, string name) =>
        a.TryGetValue(name, out var v) ? v.Ints.ToArray() : null;
}
