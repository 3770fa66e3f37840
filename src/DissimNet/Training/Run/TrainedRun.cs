using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using DissimNet.Rdms;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>A run's network rebuilt with the weights of one epoch, and the layer chosen to read.</summary>
/// <param name="Network">The network, in evaluation mode.</param>
/// <param name="Layer">The layer as named by the user or the run (an alias stays an alias).</param>
/// <param name="Epoch">The epoch whose weights it holds (0 = before training).</param>
/// <param name="InputSize">The square input side.</param>
public sealed record TrainedNetwork(ITappableNetwork Network, string Layer, int Epoch, int InputSize) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose() => Network.Dispose();
}

/// <summary>A finished (or interrupted) training run, rebuilt as a network to read RDMs of new images.</summary>
public static class TrainedRun
{
    /// <summary>The run's network with the weights after <paramref name="epoch"/> (default: the selected best epoch) and
    /// <paramref name="layer"/> (default: the run's selected best layer), on <paramref name="runtime"/>'s device (default: the CPU).</summary>
    public static TrainedNetwork Open(string runFolder, string? layer = null, int? epoch = null, int? inputSize = null, RuntimeContext? runtime = null)
    {
        if (epoch < 0) throw new DissimNetException($"{runFolder}: no epoch {epoch}; epochs count from 0 (the weights before training)");
        var run = new RunFolder(runFolder);
        var summary = run.ReadSummary();
        var network = summary.Settings?.Network
            ?? throw new DissimNetException($"{run.SummaryPath}: does not record which network was trained (settings.network)");
        // The checkpoint holds every parameter; only an imported ONNX graph needs its original file for the architecture.
        var architectureFile = network.Model == "onnx" ? network.Weights : null;
        // Seeded as training was, so that "before training" of a randomly initialised network is the run's own start.
        TorchSharp.torch.random.manual_seed(summary.Settings!.Seed);
        int size = inputSize ?? network.InputSize;
        var model = NetworkZoo.Create(network.Model, architectureFile, size, runtime: runtime);
        try
        {
            int chosenEpoch = epoch ?? summary.Best?.Epoch ?? summary.Checkpoint?.Epoch
                ?? throw new DissimNetException($"{run.SummaryPath}: the run has no finished epoch yet");
            if (chosenEpoch > 0) run.LoadWeights(model.Module, chosenEpoch);
            else if (network.Weights is { } original && network.Model != "onnx") StateDictFile.Load(model.Module, original, model.Architecture);
            var name = layer ?? summary.Best?.Layer ?? summary.TrainLayer;
            if (name == LayerReadout.Name) ReadoutOf(summary, chosenEpoch, run.SummaryPath);
            else model.Resolve(name);
            return new TrainedNetwork(model, name, chosenEpoch, size);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The RDM of <paramref name="images"/> at <paramref name="layer"/> (default: the run's selected best layer) with the
    /// weights after <paramref name="epoch"/> (default: the selected best epoch).</summary>
    public static LayerRdm Rdm(string runFolder, NdArray images, string? layer = null, int? epoch = null, int? inputSize = null,
        int batchSize = 16, IProgressSink? progress = null, string source = "images", RuntimeContext? runtime = null)
    {
        using var trained = Open(runFolder, layer, epoch, inputSize, runtime);
        var run = new RunFolder(runFolder);
        var summary = run.ReadSummary();
        // A run trained with test-time flip averaging scored its held-out images that way; its predictions are read the same way.
        bool flip = summary.Settings?.TestTimeAugmentation == TestTimeAugmentation.Flip;
        if (trained.Layer != LayerReadout.Name)
            return Rdms(trained, images, [trained.Layer], flip, batchSize, progress, source)[0];
        // The read-out combines the RDMs of the layers it weighs, with the weights fitted after the same epoch.
        var readout = ReadoutOf(summary, trained.Epoch, run.SummaryPath);
        var layers = LayerReadout.WeighedLayers(readout);
        if (layers.Count == 0)
            throw new DissimNetException($"{run.SummaryPath}: the read-out of epoch {trained.Epoch} gives every layer weight 0, so it has no RDM to predict; choose a layer");
        var rdms = Rdms(trained, images, layers, flip, batchSize, progress, source);
        var combined = LayerReadout.Combine(readout, rdms.ToDictionary(r => r.Layer, r => r.Rdm));
        return new LayerRdm(LayerReadout.Name, combined, rdms.Sum(r => r.FeatureCount));
    }

    /// <summary>The read-out weights a run fitted after <paramref name="epoch"/>; throws when it fitted none then.</summary>
    static ReadoutRecord ReadoutOf(TrainingSummary summary, int epoch, string path) => summary.ReadoutOf(epoch)
        ?? throw new DissimNetException($"{path}: the run has no read-out weights for epoch {epoch} (it was not trained with a read-out, or has no such epoch)");

    /// <summary>True when <paramref name="layer"/> (default: the run's selected best) names the read-out rather than a layer.</summary>
    public static bool IsReadout(string runFolder, string? layer = null)
    {
        if (layer is not null) return layer == LayerReadout.Name;
        var summary = new RunFolder(runFolder).ReadSummary();
        return (summary.Best?.Layer ?? summary.TrainLayer) == LayerReadout.Name;
    }

    /// <summary>The RDMs of <paramref name="layers"/>: plain, or of features averaged over each image and its mirror image when the run's validation was read that way.</summary>
    static IReadOnlyList<LayerRdm> Rdms(TrainedNetwork trained, NdArray images, IReadOnlyList<string> layers, bool flip, int batchSize,
        IProgressSink? progress, string source)
    {
        if (!flip) return NetworkRdms.Compute(trained.Network, images, layers, batchSize: batchSize, progress: progress, source: source);
        NetworkRdms.RequireImages(images, source);
        using var scope = NewDisposeScope();
        var network = trained.Network;
        network.Module.eval();
        var canonical = layers.Select(network.Resolve).ToArray();
        Tensor input;
        using (no_grad()) input = network.Preprocess(ImageTensors.FromArray(images));
        using var held = new HeldOutLayerRdms(network, canonical, null, input, batchSize, averageFlip: true);
        var rdms = held.Rdms();
        return layers.Select((l, i) => new LayerRdm(l, rdms[canonical[i]], (int)held.FeatureCounts[canonical[i]])).ToArray();
    }
}
