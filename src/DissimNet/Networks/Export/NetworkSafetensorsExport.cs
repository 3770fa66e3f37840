using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DissimNet.Networks.Export;

/// <summary>Writes a network's weights as safetensors: PyTorch parameter names for TorchVision networks, ONNX initializer names for imported ones.</summary>
internal static class NetworkSafetensorsExport
{
    /// <summary>Writes every parameter and buffer of <paramref name="network"/> to <paramref name="path"/>; returns how the tensors are named.</summary>
    public static string Save(ITappableNetwork network, string path)
    {
        switch (network)
        {
            case OnnxNetwork imported:
            {
                var graph = imported.Graph;
                var tensors = graph.Initializers.ToDictionary(n => n, n => graph.ValueOf(n)!.detach().cpu().contiguous());
                IO.OutputFile.WriteStream(path, stream => Write(stream, tensors));
                return "ONNX initializer names of the imported graph";
            }
            default:
            {
                var tensors = network.Module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());
                IO.OutputFile.WriteStream(path, stream => Write(stream, tensors));
                return "PyTorch (TorchVision) parameter names";
            }
        }
    }

    /// <summary>The file with its tensor data aligned to 8 bytes (<see cref="AlignedSafetensorsStream"/>).</summary>
    static void Write(Stream file, Dictionary<string, Tensor> tensors)
    {
        using var aligned = new AlignedSafetensorsStream(file);
        Safetensors.SaveStateDict(aligned, tensors);
        aligned.Flush();
    }
}
