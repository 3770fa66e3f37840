using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace DissimNet.Tests.Networks;

/// <summary>Runs an ONNX model in ONNX Runtime with chosen intermediate node outputs exposed as graph outputs.</summary>
internal sealed class OnnxRuntimeOracle : IDisposable
{
    readonly InferenceSession _session;
    readonly string _input;

    public OnnxRuntimeOracle(string path, IEnumerable<string> extraOutputs)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var existing = model.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var name in extraOutputs.Where(n => !existing.Contains(n)))
        {
            var info = new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } };
            model.Graph.Output.Add(info);
        }
        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet();
        _input = model.Graph.Input.First(i => !initializers.Contains(i.Name)).Name;
        _session = new InferenceSession(model.ToByteArray());
    }

    /// <summary>Runs one input (N x C x H x W, row-major) and returns every requested output by name.</summary>
    public Dictionary<string, float[]> Run(float[] input, int[] shape, IEnumerable<string> outputs)
    {
        var feed = new[] { NamedOnnxValue.CreateFromTensor(_input, new DenseTensor<float>(input, shape)) };
        using var results = _session.Run(feed, outputs.ToArray());
        return results.ToDictionary(r => r.Name, r => r.AsTensor<float>().ToArray());
    }

    public void Dispose() => _session.Dispose();
}
