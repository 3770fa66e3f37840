using System.Text.Json;
using DissimNet.Networks;
using DissimNet.Networks.Export;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks.Export;

/// <summary>A TorchVision network's safetensors export holds torchvision's state-dict names and DissimNet's values.</summary>
public sealed class SafetensorsExportTests() : TempFolderTests("safetensors-export")
{
    [Fact]
    public void ResNet18WeightsReadBackUnderTorchvisionNames()
    {
        random.manual_seed(4);
        using var network = NetworkZoo.Create("resnet18", inputSize: 32);
        var path = Path.Combine(TempRoot, "resnet18.safetensors");
        Assert.Equal("PyTorch (TorchVision) parameter names", NetworkSafetensorsExport.Save(network, path));
        var read = Safetensors.LoadStateDict(path);
        // The names torchvision 0.14 itself gives (generated fixture), so the file loads with model.load_state_dict.
        using var json = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("torchvision_state_dict_shapes.json")));
        var torchvision = json.RootElement.GetProperty("models").GetProperty("resnet18").EnumerateArray()
            .ToDictionary(e => e[0].GetString()!, e => e[1].EnumerateArray().Select(d => d.GetInt64()).ToArray());
        Assert.Equal(torchvision.Keys.Order(), read.Keys.Order());
        var own = network.Module.state_dict();
        foreach (var (name, tensor) in read)
        {
            Assert.Equal(torchvision[name], tensor.shape);
            Assert.Equal(own[name].dtype, tensor.dtype);
            Assert.True(own[name].dtype == ScalarType.Int64 ? own[name].item<long>() == tensor.item<long>() : allclose(own[name], tensor, 0, 0), name);
        }
    }

    [Fact]
    public void TheTensorDataStartsAtAMultipleOfEightBytes()
    {
        // Zero-copy loaders map the file and read float32 values in place: the data must start 8-byte aligned.
        random.manual_seed(4);
        using var network = NetworkZoo.Create("resnet18", inputSize: 32);
        var path = Path.Combine(TempRoot, "aligned.safetensors");
        NetworkSafetensorsExport.Save(network, path);
        var bytes = File.ReadAllBytes(path);
        long headerLength = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        using var json = JsonDocument.Parse(header); // padding is JSON whitespace
        // Every tensor's bytes lie where its offsets say, after the padded header, and the last ends the file.
        long end = json.RootElement.EnumerateObject().Where(t => t.Name != "__metadata__").Max(t => t.Value.GetProperty("data_offsets")[1].GetInt64());
        Assert.Equal(bytes.Length, 8 + headerLength + end);
        var read = Safetensors.LoadStateDict(path);
        var own = network.Module.state_dict();
        Assert.True(read.Where(kv => kv.Value.dtype != ScalarType.Int64).All(kv => allclose(own[kv.Key], kv.Value, 0, 0)));
    }
}
