using DissimNet.IO;
using DissimNet.Networks;
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
    /// <paramref name="layer"/> (default: the run's selected best layer), on <paramref name="device"/> (default: the CPU).</summary>
    public static TrainedNetwork Open(string runFolder, string? layer = null, int? epoch = null, int? inputSize = null, Device? device = null)
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
        var model = NetworkZoo.Create(network.Model, architectureFile, size, device: device);
        try
        {
            int chosenEpoch = epoch ?? summary.Best?.Epoch ?? summary.Checkpoint?.Epoch
                ?? throw new DissimNetException($"{run.SummaryPath}: the run has no finished epoch yet");
            if (chosenEpoch > 0) run.LoadWeights(model.Module, chosenEpoch);
            else if (network.Weights is { } original && network.Model != "onnx") StateDictFile.Load(model.Module, original, model.Architecture);
            var name = layer ?? summary.Best?.Layer ?? summary.TrainLayer;
            model.Resolve(name);
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
        int batchSize = 16, IProgressSink? progress = null, string source = "images", Device? device = null)
    {
        using var trained = Open(runFolder, layer, epoch, inputSize, device);
        // A run trained with test-time flip averaging scored its held-out images that way; its predictions are read the same way.
        if (new RunFolder(runFolder).ReadSummary().Settings?.TestTimeAugmentation == TestTimeAugmentation.Flip)
            return FlipAveragedRdm(trained, images, batchSize, source);
        return NetworkRdms.Compute(trained.Network, images, [trained.Layer], batchSize: batchSize, progress: progress, source: source)[0];
    }

    /// <summary>The correlation-distance RDM of features averaged over each image and its mirror image, as the run's validation used.</summary>
    static LayerRdm FlipAveragedRdm(TrainedNetwork trained, NdArray images, int batchSize, string source)
    {
        NetworkRdms.RequireImages(images, source);
        using var scope = NewDisposeScope();
        var network = trained.Network;
        network.Module.eval();
        var canonical = network.Resolve(trained.Layer);
        Tensor input;
        using (no_grad()) input = network.Preprocess(ImageTensors.FromArray(images));
        using var held = new HeldOutLayerRdms(network, [canonical], null, input, batchSize, averageFlip: true);
        var rdm = held.Rdms()[canonical];
        return new LayerRdm(trained.Layer, rdm, (int)held.FeatureCounts[canonical]);
    }
}
