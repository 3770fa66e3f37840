using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks.Onnx;

/// <summary>Conversions from ONNX protobuf tensors and attributes to TorchSharp values.</summary>
internal static class OnnxTensors
{
    /// <summary>Copies an ONNX TensorProto (float, double, int32 or int64; raw or typed data) into a CPU tensor (a module moves it later with <c>to(device)</c>).</summary>
    /// <remarks>The dims are checked against the data the file holds first: a damaged file may declare any dims.</remarks>
    public static Tensor ToTorch(TensorProto proto, string where)
    {
        var shape = proto.Dims.ToArray();
        var type = (TensorProto.Types.DataType)proto.DataType;
        var raw = proto.RawData;
        Array values = type switch
        {
            TensorProto.Types.DataType.Float => raw.Length > 0 ? FromRaw<float>(raw, proto, where) : proto.FloatData.ToArray(),
            TensorProto.Types.DataType.Double => raw.Length > 0 ? FromRaw<double>(raw, proto, where) : proto.DoubleData.ToArray(),
            TensorProto.Types.DataType.Int64 => raw.Length > 0 ? FromRaw<long>(raw, proto, where) : proto.Int64Data.ToArray(),
            TensorProto.Types.DataType.Int32 => raw.Length > 0 ? FromRaw<int>(raw, proto, where) : proto.Int32Data.ToArray(),
            _ => throw new DissimNetException($"{where}: tensor '{proto.Name}' has ONNX data type {type}; supported: float, double, int32, int64"),
        };
        long count = 1;
        foreach (long d in shape)
            count = d < 0 || count < 0 ? -1 : IO.ReadLimits.Bytes(count, d);
        if (count != values.Length)
            throw new DissimNetException($"{where}: tensor '{proto.Name}' declares dims {(shape.Length == 0 ? "scalar" : string.Join(" x ", shape))} " +
                $"but holds {values.Length} values (corrupt model)");
        return values switch
        {
            float[] f => tensor(f, shape, ScalarType.Float32, device: CPU),
            double[] d => tensor(d, shape, ScalarType.Float64, device: CPU),
            long[] l => tensor(l, shape, ScalarType.Int64, device: CPU),
            _ => tensor((int[])values, shape, ScalarType.Int32, device: CPU),
        };
    }

    static T[] FromRaw<T>(ByteString raw, TensorProto proto, string where) where T : unmanaged
    {
        var bytes = raw.Span;
        if (bytes.Length % System.Runtime.CompilerServices.Unsafe.SizeOf<T>() != 0)
            throw new DissimNetException($"{where}: tensor '{proto.Name}' has {bytes.Length} bytes of raw data, not a whole number of {typeof(T).Name} values (corrupt model)");
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
