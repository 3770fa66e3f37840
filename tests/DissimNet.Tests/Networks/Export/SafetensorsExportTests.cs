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
}
