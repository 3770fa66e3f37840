using DissimNet.Networks;
using DissimNet.Networks.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks;

/// <summary>The per-architecture minimum input sizes are exact: the minimum runs, one pixel less fails in libtorch (which is why it is checked up front).</summary>
public class MinimumInputSizeTests
{
    static void Forward(nn.Module<Tensor, Tensor> module, int side)
    {
        using var noGrad = no_grad();
        module.eval();
        using var input = zeros(1, 3, side, side);
        using var output = module.forward(input);
    }

    [Fact]
    public void AlexNetNeeds63AndVgg16Needs32()
    {
        using var alexnet = new AlexNet();
        Forward(alexnet, AlexNet.MinimumInputSize);
        Assert.ThrowsAny<Exception>(() => Forward(alexnet, AlexNet.MinimumInputSize - 1));
        using var vgg = new Vgg16();
        Forward(vgg, Vgg16.MinimumInputSize);
        Assert.ThrowsAny<Exception>(() => Forward(vgg, Vgg16.MinimumInputSize - 1));
    }

    [Fact]
    public void CreateRefusesASmallerSideAsASetting()
    {
        var e = Assert.Throws<SettingException>(() => NetworkZoo.Create("alexnet", inputSize: 62));
        Assert.Contains("alexnet needs an image side of at least 63 pixels", e.Message);
        using var ok = NetworkZoo.Create("ALEXNET", inputSize: 63);
        Assert.Equal(224, EmbeddedResNet18.InputSize);
        Assert.Throws<SettingException>(() => NetworkZoo.Create(EmbeddedResNet18.Name, inputSize: 225));
    }
}
