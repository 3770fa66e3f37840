using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using DissimNet.Rdms;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>The correlation-distance RDMs (1 - Pearson r) of one held-out image set at every candidate layer, recomputed after each epoch at little cost.</summary>
/// <remarks>
/// Layers at or before <c>cut</c> (the end of a frozen prefix) cannot change while training, so their RDMs are computed once,
/// here; the images' activations at the cut are kept and every <see cref="Rdms"/> call forwards only from there.
/// Memory stays bounded: images go through the network in chunks, each layer's features are standardised as they come out
/// and kept (in the network's precision) only for a group of layers whose features fit the memory budget, and the Gram
/// matrix is summed in double precision over blocks of features. A group larger than the budget runs in its own pass.
/// The numbers are those of standardising every image's features in double, storing them in the network's precision and
/// taking 1 - z zᵀ in double; only the order of the sums differs.
/// <para>With flip averaging (test-time augmentation), every image is forwarded together with its horizontal mirror image and each
/// layer's features are the mean of the two, taken before standardising: the RDM is that of the averaged features, not the
/// mean of two RDMs (one correlation distance per pair, and the features a downstream reader would take). The mirror images'
/// activations at the cut are kept too, which doubles that memory. Nothing random is ever applied here.</para>
/// </remarks>
internal sealed class HeldOutLayerRdms : IDisposable
{
    /// <summary>Default bytes of standardised features kept at once (a single larger layer still runs, alone).</summary>
    public const long DefaultMemoryBudgetBytes = 256L << 20;

    /// <summary>Doubles per block of the Gram matrix's sum (about 32 MB).</summary>
    const long GramBlockElements = 1L << 22;

    readonly ITappableNetwork network;
    readonly string[] layers;
    readonly string[] changing;
    readonly string? cut;
    readonly Tensor start;
    readonly bool ownsStart;
    readonly Dictionary<string, Rdm> frozen = [];
    readonly Dictionary<string, long> featureCounts = [];
    readonly int batchSize;
    readonly long budget;
    readonly int views;

    /// <summary>Computes the RDMs of the layers that cannot change and the activations at <paramref name="cut"/>.</summary>
    /// <param name="network">The network, in eval mode.</param>
    /// <param name="layers">Canonical layer names, in the order the RDMs are returned.</param>
    /// <param name="cut">A cut point with every parameter up to it frozen, or null to forward the whole network each time.</param>
    /// <param name="input">Preprocessed held-out images (N x 3 x S x S); not kept when there is a cut.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <param name="memoryBudgetBytes">Bytes of standardised features kept at once.</param>
    /// <param name="averageFlip">Average each layer's features over the image and its horizontal mirror image (test-time augmentation).</param>
    public HeldOutLayerRdms(ITappableNetwork network, IReadOnlyList<string> layers, string? cut, Tensor input, int batchSize,
        long memoryBudgetBytes = DefaultMemoryBudgetBytes, bool averageFlip = false)
    {
        if (batchSize < 1) throw new SettingException($"the inference batch size must be >= 1, got {batchSize}", nameof(TrainingSettings.InferenceBatchSize));
        if (input.shape[0] < 2) throw new DissimNetException($"an RDM needs at least 2 images, got {input.shape[0]}");
        this.network = network;
        this.layers = layers.ToArray();
        this.cut = cut;
        this.batchSize = batchSize;
        budget = Math.Max(1, memoryBudgetBytes);
        views = averageFlip ? 2 : 1;
        // Rows v * N + i hold view v of image i: the image itself, then (with flip averaging) its mirror image.
        if (averageFlip) input = cat([input, AugmentedViews.Flip(input)], 0).DetachFromDisposeScope();
        int cutIndex = cut is null ? -1 : IndexOf(cut);
        var fixedLayers = this.layers.Where(l => IndexOf(l) <= cutIndex).ToArray();
        changing = this.layers.Where(l => IndexOf(l) > cutIndex).ToArray();
        using var _ = no_grad();
        foreach (var (layer, rdm) in Compute(fixedLayers, input, null))
            frozen[layer] = rdm;
        if (cut is null)
        {
            start = input;
            ownsStart = averageFlip; // the concatenation is this object's own
            return;
        }
        start = Activations(input, cut);
        ownsStart = true;
        if (averageFlip) input.Dispose();
    }

    /// <summary>Features per image at each layer whose RDM has been computed.</summary>
    public IReadOnlyDictionary<string, long> FeatureCounts => featureCounts;

    /// <summary>The layers whose RDMs were computed once because they cannot change.</summary>
    public IReadOnlyCollection<string> FrozenLayers => frozen.Keys;

    /// <summary>The RDM at every layer, keyed by canonical name in the order given: the frozen ones as computed at the start, the rest from the current weights.</summary>
    public Dictionary<string, Rdm> Rdms()
    {
        using var _ = no_grad();
        var fresh = Compute(changing, start, cut);
        return layers.ToDictionary(l => l, l => frozen.TryGetValue(l, out var rdm) ? rdm : fresh[l]);
    }

    int IndexOf(string layer) => network.Names.IndexOf(network.Resolve(layer));

    /// <summary>The activations at <paramref name="layer"/> for every input, chunk by chunk into one tensor outside any dispose scope.</summary>
    Tensor Activations(Tensor input, string layer)
    {
        long n = input.shape[0];
        Tensor? result = null;
        for (long first = 0; first < n; first += batchSize)
        {
            using var scope = NewDisposeScope();
            var output = network.Forward(input.narrow(0, first, Math.Min(batchSize, n - first)), [layer])[layer];
            if (result is null)
            {
                result = empty([n, .. output.shape.Skip(1)], output.dtype, device: output.device);
                result.DetachFromDisposeScope();
            }
            result.narrow(0, first, output.shape[0]).copy_(output);
        }
        return result!;
    }

    /// <summary>RDMs of <paramref name="wanted"/> from <paramref name="source"/> (the activations at <paramref name="from"/>, or the input when null),
    /// in passes over groups of layers whose features fit the budget.</summary>
    /// <remarks>Each pass also keeps the activations at the deepest cut point it reaches, and the next pass starts there,
    /// so all passes together cost about one forward pass.</remarks>
    Dictionary<string, Rdm> Compute(string[] wanted, Tensor source, string? from)
    {
        var result = new Dictionary<string, Rdm>();
        if (wanted.Length == 0) return result;
        wanted = wanted.OrderBy(IndexOf).ToArray(); // passes follow the forward order, each starting where the last stopped
        long n = source.shape[0] / views;
        IReadOnlyDictionary<string, Tensor> Forward(string? start, Tensor x, IReadOnlyCollection<string> layers) =>
            start is null ? network.Forward(x, layers) : network.ForwardFrom(start, x, layers);
        // Rows [first, first + m) of every view, forwarded together (view-major).
        Tensor Rows(Tensor all, long first, long m) =>
            views == 1 ? all.narrow(0, first, m) : cat(Enumerable.Range(0, views).Select(v => all.narrow(0, v * n + first, m)).ToArray(), 0);
        if (!wanted.All(featureCounts.ContainsKey))
            using (NewDisposeScope())
            {
                var one = Forward(from, source.narrow(0, 0, 1), wanted);
                foreach (var layer in wanted) featureCounts[layer] = one[layer].numel();
            }
        var counts = wanted.Select(l => featureCounts[l]).ToArray();
        var groups = NetworkRdms.GroupByMemory(wanted.Length, l => counts[l] * n * sizeof(float), budget);
        var (start, activations) = (from, source);
        for (int g = 0; g < groups.Count; g++)
        {
            using var scope = NewDisposeScope();
            var names = groups[g].Select(l => wanted[l]).ToArray();
            var carry = g + 1 < groups.Count ? DeepestCutPoint(start, names[^1]) : null;
            var requested = carry is null ? names : names.Append(carry).Distinct().ToArray();
            var standardized = new Tensor?[names.Length];
            Tensor? carried = null;
            for (long first = 0; first < n; first += batchSize)
            {
                using var chunkScope = NewDisposeScope();
                long m = Math.Min(batchSize, n - first);
                var outputs = Forward(start, Rows(activations, first, m), requested);
                for (int l = 0; l < names.Length; l++)
                {
                    var output = outputs[names[l]];
                    if (views > 1) output = output.reshape([views, m, .. output.shape.Skip(1)]).mean([0L]);
                    // Standardised in double, kept in the network's precision (as the training loss sees the features).
                    var z = CorrelationDistance.Standardize(output.to_type(ScalarType.Float64)).to_type(output.dtype);
                    if (standardized[l] is null)
                    {
                        standardized[l] = empty([n, z.shape[1]], z.dtype, device: z.device);
                        standardized[l]!.MoveToOuterDisposeScope();
                    }
                    standardized[l]!.narrow(0, first, z.shape[0]).copy_(z);
                }
                if (carry is not null)
                {
                    var output = outputs[carry];
                    if (carried is null)
                    {
                        carried = empty([views * n, .. output.shape.Skip(1)], output.dtype, device: output.device);
                        carried.DetachFromDisposeScope();
                    }
                    for (int v = 0; v < views; v++) carried.narrow(0, v * n + first, m).copy_(output.narrow(0, v * m, m));
                }
            }
            if (carried is not null)
            {
                if (!ReferenceEquals(activations, source)) activations.Dispose();
                (start, activations) = (carry, carried);
            }
            for (int l = 0; l < names.Length; l++)
            {
                result[names[l]] = FromStandardized(standardized[l]!, names[l]);
                standardized[l]!.Dispose();
            }
        }
        if (!ReferenceEquals(activations, source)) activations.Dispose();
        return result;
    }

    /// <summary>The deepest cut point after <paramref name="after"/> (or from the first layer) up to <paramref name="upTo"/>, or null.</summary>
    string? DeepestCutPoint(string? after, string upTo)
    {
        int low = after is null ? 0 : IndexOf(after) + 1;
        for (int i = IndexOf(upTo); i >= low; i--)
            if (network.IsCutPoint(network.Layers[i])) return network.Layers[i];
        return null;
    }

    /// <summary>1 - z zᵀ for standardised rows, summed in double precision over blocks of columns.</summary>
    static Rdm FromStandardized(Tensor z, string name)
    {
        using var scope = NewDisposeScope();
        long n = z.shape[0], features = z.shape[1];
        long block = Math.Max(1, GramBlockElements / n);
        var gram = zeros([n, n], ScalarType.Float64, device: z.device);
        for (long first = 0; first < features; first += block)
        {
            var part = z.narrow(1, first, Math.Min(block, features - first)).to_type(ScalarType.Float64);
            ScalarArithmetic.AddInPlace(gram, part.matmul(part.t()));
        }
        var square = ScalarArithmetic.Rsub(gram, 1).cpu().data<double>().ToArray();
        return Rdm.FromSquare(square, (int)n, name: name);
    }

    /// <summary>Frees the activations kept at the cut.</summary>
    public void Dispose()
    {
        if (ownsStart) start.Dispose();
    }
}
