using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks;

/// <summary>Deterministic test images: smooth colour gradients and shapes on grey, N x H x W x 3 uint8.</summary>
internal static class SyntheticImages
{
    public static Tensor Make(int count, int size = 175)
    {
        var data = new byte[count * size * size * 3];
        for (int n = 0; n < count; n++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    double dx = x - size * (0.3 + 0.2 * n), dy = y - size * 0.5;
                    bool inside = dx * dx + dy * dy < size * size * 0.05;
                    int i = ((n * size + y) * size + x) * 3;
                    data[i] = (byte)(inside ? 200 - 40 * n : 128 + 60 * Math.Sin(x * 0.07 * (n + 1)));
                    data[i + 1] = (byte)(inside ? 40 + 50 * n : 128 + 50 * Math.Cos(y * 0.05));
                    data[i + 2] = (byte)(inside ? (x * 255 / size) : 128);
                }
        return tensor(data, [count, size, size, 3], ScalarType.Byte);
    }
}
