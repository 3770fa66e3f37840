using DissimNet.IO;
using DissimNet.Networks.Runtime;
using DissimNet.Rdms;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>Puts images through a network in batches and builds an RDM at each requested layer.</summary>
public static class NetworkRdms
{
    /// <summary>Checks that <paramref name="images"/> is N x H x W x 3 with at least two images, with finite values on the 0..255 scale.</summary>
    public static void RequireImages(NdArray images, string source)
    {
        if (images.Rank != 4 || images.Shape[3] != 3)
            throw new DissimNetException($"{source}: expected images as N x H x W x 3 RGB (0..255), got {images.ShapeText} {images.Type}");
        if (images.Shape[0] < 2)
            throw new DissimNetException($"{source}: an RDM needs at least 2 images, got {images.Shape[0]}");
        Images.PixelValues.Require0To255(images, source);
    }

    /// <summary>Bytes of single-precision features held at once by default; a layer's RDM briefly needs twice its features' size again in double.</summary>
    /// <remarks>Small enough that a pass's features and one layer's double-precision copy stay well under a gigabyte for 92 images at 224 x 224
    /// (the largest ResNet-18 layer then holds 0.3 GB); more passes cost only forward passes through the early layers.</remarks>
    public const long DefaultMemoryBudgetBytes = 384L << 20;

    /// <summary>Feature RDMs of <paramref name="layers"/> (names or aliases, reported as given) for the images.</summary>
    /// <remarks>Each layer's activations are flattened per image and kept in single precision until all images
    /// have run; the RDM itself is computed in double precision by <see cref="FeatureRdm"/>. When the requested
    /// layers' activations would exceed <paramref name="memoryBudgetBytes"/> (default: <see cref="DefaultMemoryBudgetBytes"/>),
    /// the images run in several passes, each keeping a group of layers that fits.</remarks>
    public static IReadOnlyList<LayerRdm> Compute(ITappableNetwork network, NdArray images, IReadOnlyList<string> layers,
        DistanceMetric metric = DistanceMetric.Correlation, int batchSize = 16, IProgressSink? progress = null, string source = "images",
        long memoryBudgetBytes = 0)
    {
        progress ??= NullProgress.Instance;
        Runtime.ConvolutionGuard.EnsureVerified();
        RequireImages(images, source);
        if (batchSize < 1) throw new SettingException($"expected a positive batch size, got {batchSize}", "BatchSize");
        if (layers.Count == 0) throw new DissimNetException($"{network.Architecture}: no layers requested");
        foreach (var layer in layers) network.Resolve(layer);
        network.Module.eval();
        int n = images.Shape[0];
        var counts = FeatureCounts(network, images, layers);
        long budget = memoryBudgetBytes > 0 ? memoryBudgetBytes : DefaultMemoryBudgetBytes;
        var passes = GroupByMemory(layers.Count, l => counts[l] * n * sizeof(float), budget);
        var result = new LayerRdm[layers.Count];
        for (int p = 0; p < passes.Count; p++)
        {
            string label = passes.Count == 1 ? $"{network.Architecture}: {n} images" : $"{network.Architecture}: {n} images, pass {p + 1}/{passes.Count}";
            var group = passes[p];
            var rdms = ComputeGroup(network, images, group.Select(l => layers[l]).ToList(), group.Select(l => counts[l]).ToArray(), metric, batchSize, progress, label);
            for (int k = 0; k < group.Count; k++) result[group[k]] = rdms[k];
        }
        return result;
    }

    /// <summary>Correlation-distance RDMs (1 - Pearson r) at canonical layers for N x H x W x 3 RGB images (0..255) already in memory as a tensor, forwarded in batches of <paramref name="batchSize"/>.</summary>
    /// <remarks>Unlike <see cref="Compute"/>, features are standardised by torch in the network's precision, as the training loss sees them.</remarks>
    public static Dictionary<string, Rdm> CorrelationRdms(ITappableNetwork network, Tensor rgbImages, IReadOnlyCollection<string> layers, int batchSize = 16)
    {
        using var scope = NewDisposeScope();
        Tensor input;
        using (no_grad()) input = network.Preprocess(rgbImages);
        var canonical = layers.Select(network.Resolve).Distinct().ToArray();
        return CorrelationRdmsFromInput(network, input, canonical, batchSize);
    }

    /// <summary>The same from preprocessed input (N x 3 x S x S) and canonical layer names.</summary>
    internal static Dictionary<string, Rdm> CorrelationRdmsFromInput(ITappableNetwork network, Tensor input, IReadOnlyCollection<string> layers, int batchSize)
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
            var square = ScalarArithmetic.Rsub(z.matmul(z.t()), 1).cpu().data<double>().ToArray();
            rdms[layer] = Rdm.FromSquare(square, n, name: layer);
        }
        return rdms;
    }

    /// <summary>Features per image at each layer, from one image.</summary>
    static long[] FeatureCounts(ITappableNetwork network, NdArray images, IReadOnlyList<string> layers)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var outputs = network.Forward(network.Preprocess(ImageTensors.FromArray(images, 0, 1)), layers.Distinct().ToList());
        return layers.Select(l => outputs[l].numel()).ToArray();
    }

    /// <summary>Consecutive groups of items whose sizes add up to at most <paramref name="budget"/> (an item larger than it stands alone).</summary>
    internal static List<List<int>> GroupByMemory(int count, Func<int, long> size, long budget)
    {
        var groups = new List<List<int>>();
        long used = 0;
        for (int i = 0; i < count; i++)
        {
            if (groups.Count == 0 || used + size(i) > budget)
            {
                groups.Add([]);
                used = 0;
            }
            groups[^1].Add(i);
            used += size(i);
        }
        return groups;
    }

    static List<LayerRdm> ComputeGroup(ITappableNetwork network, NdArray images, IReadOnlyList<string> layers, long[] counts,
        DistanceMetric metric, int batchSize, IProgressSink progress, string label)
    {
        int n = images.Shape[0];
        var features = new float[layers.Count][];
        for (int l = 0; l < layers.Count; l++)
        {
            if (counts[l] * n > Array.MaxLength)
                throw new DissimNetException($"{network.Architecture}: layer '{layers[l]}' has {counts[l]} features per image, too many to hold for {n} images");
            features[l] = new float[counts[l] * n];
        }
        progress.Begin(label, n);
        using (no_grad())
        {
            for (int start = 0; start < n; start += batchSize)
            {
                int count = Math.Min(batchSize, n - start);
                using var scope = NewDisposeScope();
                var input = network.Preprocess(ImageTensors.FromArray(images, start, count));
                var outputs = network.Forward(input, layers.Distinct().ToList());
                for (int l = 0; l < layers.Count; l++)
                {
                    var flat = outputs[layers[l]].reshape(count, -1).to_type(ScalarType.Float32).cpu().contiguous();
                    flat.data<float>().CopyTo(features[l], checked((int)(start * counts[l])));
                }
                progress.Report(start + count);
            }
        }
        progress.End();

        var result = new List<LayerRdm>();
        progress.Begin("layer RDMs", layers.Count);
        for (int l = 0; l < layers.Count; l++)
        {
            int degenerate = DegenerateImages(features[l], n, checked((int)counts[l]), metric);
            if (degenerate > 0)
                progress.Note($"{network.Architecture}: layer '{layers[l]}': {degenerate} of {n} images have {(metric == DistanceMetric.Cosine ? "all-zero" : "constant")} features there; "
                    + $"their {(metric == DistanceMetric.Cosine ? "cosine" : "correlation")} distances are undefined (NaN)");
            var rdm = FeatureRdm.Compute(features[l], n, checked((int)counts[l]), metric);
            features[l] = null!;
            result.Add(new LayerRdm(layers[l], new Rdm(rdm.Vector, null, layers[l]), checked((int)counts[l])));
            progress.Report(l + 1, layers[l]);
        }
        progress.End();
        return result;
    }

    /// <summary>Images whose features have no variance (correlation) or are all zero (cosine): <see cref="FeatureRdm"/> gives their pairs NaN.</summary>
    static int DegenerateImages(float[] features, int n, int count, DistanceMetric metric)
    {
        if (metric is not (DistanceMetric.Correlation or DistanceMetric.Cosine)) return 0;
        int degenerate = 0;
        for (int i = 0; i < n; i++)
        {
            float first = metric == DistanceMetric.Cosine ? 0f : features[i * count];
            bool flat = true;
            for (int k = i * count; k < (i + 1) * count && flat; k++) flat = features[k] == first;
            if (flat) degenerate++;
        }
        return degenerate;
    }
}
