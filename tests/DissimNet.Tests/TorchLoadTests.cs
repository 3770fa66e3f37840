using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests;

public class TorchLoadTests
{
    [Fact]
    public void ConvolutionRunsForwardAndBackward()
    {
        // d/dw of sum(conv(x, w)) for a 1x1 kernel with no bias is the sum of the input channel.
        var x = ones(1, 1, 4, 4);
        var conv = nn.Conv2d(1, 1, 1, bias: false);
        using (no_grad()) conv.weight!.fill_(2.0f);
        var y = conv.forward(x).sum();
        y.backward();
        Assert.Equal(32.0f, y.item<float>());
        Assert.Equal(16.0f, conv.weight!.grad!.item<float>());
    }
}
