using DissimNet.IO;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>Turns N x H x W x 3 image arrays (0..255) into float tensors of the same layout, the form networks take.</summary>
internal static class ImageTensors
{
    /// <summary>All images of the array as an N x H x W x 3 float tensor.</summary>
    public static Tensor FromArray(NdArray images) => FromArray(images, 0, images.Shape[0]);

    /// <summary>Images <paramref name="start"/>..start+count as a count x H x W x 3 float tensor.</summary>
    /// <remarks>Every element type becomes single precision value for value (bytes exactly), so a network sees the same
    /// numbers whichever type the file stored. The tensor is in host memory (the CPU); a network's Preprocess moves it to the network's device.</remarks>
    public static Tensor FromArray(NdArray images, int start, int count)
    {
        // Any trailing shape passes through: callers check for N x H x W x 3 with messages that name their source.
        long per = images.Shape.Skip(1).Aggregate(1L, (a, d) => a * d);
        long[] shape = [count, .. images.Shape.Skip(1).Select(d => (long)d)];
        int offset = checked((int)(start * per)), length = checked((int)(count * per));
        return images.Data switch
        {
            byte[] b => tensor(b.AsSpan(offset, length).ToArray(), shape, ScalarType.Byte, device: CPU).to_type(ScalarType.Float32),
            float[] f => tensor(f.AsSpan(offset, length).ToArray(), shape, ScalarType.Float32, device: CPU),
            double[] d => tensor(Array.ConvertAll(d[offset..(offset + length)], v => (float)v), shape, ScalarType.Float32, device: CPU),
            _ => tensor(Enumerable.Range(offset, length).Select(i => (float)images.GetDouble(i)).ToArray(), shape, ScalarType.Float32, device: CPU),
        };
    }
}
