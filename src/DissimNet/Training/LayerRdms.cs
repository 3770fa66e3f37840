using DissimNet.Networks;
using DissimNet.Rdms;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Correlation-distance RDMs (1 - Pearson r of flattened features) of image tensors at several layers; the trainer's counterpart of <see cref="Networks.NetworkRdms"/> for images already in memory as tensors.</summary>
internal static class LayerRdms
{
    /// <summary>One RDM per layer for N x H x W x 3 RGB images (0..255), forwarded in batches of <paramref name="batchSize"/>.</summary>
    public static Dictionary<string, Rdm> Compute(ITappableNetwork network, Tensor rgbImages, IReadOnlyCollection<string> layers, int batchSize = 16)
    {
        using var scope = NewDisposeScope();
        Tensor input;
        using (no_grad()) input = network.Preprocess(rgbImages);
        var canonical = layers.Select(network.Resolve).Distinct().ToArray();
        return FromInput(network, input, canonical, batchSize);
    }

    /// <summary>The same from preprocessed input (N x 3 x S x S) and canonical layer names.</summary>
    internal static Dictionary<string, Rdm> FromInput(ITappableNetwork network, Tensor input, IReadOnlyCollection<string> layers, int batchSize)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var standardized = layers.ToDictionary(l => l, _ => new List<Tensor>());
        for (long start = 0; start < input.shape[0]; start += batchSize)
        {
            var chunk = input.narrow(0, start, Math.Min(batchSize, input.shape[0] - start));
            // Standardised in double, kept in the network's precision: every layer of every image is held at once.
            foreach (var (layer, output) in network.Forward(chunk, layers))
                standardized[layer].Add(CorrelationDistance.Standardize(output.to_type(ScalarType.Float64)).to_type(output.dtype));
        }
        var rdms = new Dictionary<string, Rdm>();
        foreach (var layer in layers)
        {
            var z = cat(standardized[layer], 0).to_type(ScalarType.Float64);
            int n = (int)z.shape[0];
            var square = (1 - z.matmul(z.t())).data<double>().ToArray();
            rdms[layer] = Rdm.FromSquare(square, n, name: layer);
        }
        return rdms;
    }
}
