using DissimNet.Networks;
using DissimNet.Rdms;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>The candidate layers' RDMs of every training set's images, computed as the held-out images' are (for the read-out's fit).</summary>
/// <remarks>One <see cref="HeldOutLayerRdms"/> per set, so frozen layers are computed once and memory stays bounded the same way.
/// The cost grows with n² per set: every pair of training images is a row of the fit.</remarks>
internal sealed class TrainingSetRdms : IDisposable
{
    readonly List<HeldOutLayerRdms> sets;

    TrainingSetRdms(List<HeldOutLayerRdms> sets) => this.sets = sets;

    /// <summary>Preprocesses every training set's images and computes what cannot change (see <see cref="HeldOutLayerRdms"/>).</summary>
    public static TrainingSetRdms Build(ITappableNetwork network, IReadOnlyList<string> layers, string? cut, IReadOnlyList<TrainingImageSet> sets, int batchSize,
        bool averageFlip = false)
    {
        var built = new List<HeldOutLayerRdms>();
        try
        {
            using var _ = no_grad();
            foreach (var set in sets)
            {
                var input = network.Preprocess(set.Images).detach();
                built.Add(new HeldOutLayerRdms(network, layers, cut, input, batchSize, averageFlip: averageFlip));
                if (cut is not null) input.Dispose(); // only the activations at the cut are needed from now on
            }
            return new TrainingSetRdms(built);
        }
        catch
        {
            foreach (var rdms in built) rdms.Dispose();
            throw;
        }
    }

    /// <summary>Per training set, in order, the RDM at every layer (canonical names) from the current weights.</summary>
    public IReadOnlyList<Dictionary<string, Rdm>> Rdms() => sets.Select(s => s.Rdms()).ToList();

    /// <summary>Frees the activations kept at the cut.</summary>
    public void Dispose()
    {
        foreach (var rdms in sets) rdms.Dispose();
    }
}
