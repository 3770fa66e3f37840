using DissimNet.IO;
using DissimNet.Rdms;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>One layer's RDM of many images written as a condensed float32 .npy (the n(n-1)/2 upper-triangle pairs), for image
/// sets too large for square RDMs (20,000 images: 800 MB condensed against 3.2 GB square in double).</summary>
/// <remarks>Only the one layer's features are kept (float32, images x features), filled batch by batch; the RDM is computed in
/// blocks by <see cref="BlockFeatureRdm"/> and streamed to the file, so memory is the features (twice, once standardized in
/// double) plus one block, never n x n.</remarks>
internal static class CondensedLayerRdm
{
    /// <summary>Puts the images through the network in batches and writes the RDM of <paramref name="layer"/> to <paramref name="path"/> (.npy).</summary>
    /// <returns>The number of features per image at the layer.</returns>
    public static int Write(ITappableNetwork network, NdArray images, string layer, string path, DistanceMetric metric = DistanceMetric.Correlation,
        int batchSize = 16, IProgressSink? progress = null, string source = "images")
    {
        progress ??= NullProgress.Instance;
        if (DataSpec.FormatOf(path) != FileFormat.Npy)
            throw new SettingException($"{path}: a condensed RDM is written as .npy", "Out");
        var features = Features(network, images, layer, batchSize, progress, source, out int count);
        int n = images.Shape[0];
        NpyFloatWriter.Write(path, [SquareForm.PairCount(n)], write => BlockFeatureRdm.Compute(features, n, count, metric, write, progress));
        return count;
    }

    /// <summary>The layer's flattened activations of every image (images x features, float32), forwarded in batches.</summary>
    internal static float[] Features(ITappableNetwork network, NdArray images, string layer, int batchSize, IProgressSink progress, string source, out int count)
    {
        Runtime.ConvolutionGuard.EnsureVerified();
        NetworkRdms.RequireImages(images, source);
        if (batchSize < 1) throw new SettingException($"expected a positive batch size, got {batchSize}", "BatchSize");
        var canonical = network.Resolve(layer);
        network.Module.eval();
        int n = images.Shape[0];
        float[]? features = null;
        count = 0;
        progress.Begin($"{network.Architecture}: {n:N0} images, layer {layer}", n);
        using (no_grad())
        {
            for (int start = 0; start < n; start += batchSize)
            {
                int batch = Math.Min(batchSize, n - start);
                using var scope = NewDisposeScope();
                var outputs = network.Forward(network.Preprocess(Networks.ImageTensors.FromArray(images, start, batch)), [canonical]);
                var flat = outputs[canonical].reshape(batch, -1).to_type(ScalarType.Float32).contiguous();
                if (features is null)
                {
                    count = (int)flat.shape[1];
                    if ((long)count * n > Array.MaxLength)
                        throw new DissimNetException($"{network.Architecture}: layer '{layer}' has {count} features per image, too many to hold for {n} images; use a later layer");
                    features = new float[(long)count * n];
                }
                flat.data<float>().CopyTo(features, checked(start * count));
                progress.Report(start + batch);
            }
        }
        progress.End();
        return features!;
    }
}
