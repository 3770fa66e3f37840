using DissimNet.Networks;

namespace DissimNet.Training;

/// <summary>The layers scored on held-out images after every epoch: their canonical names, in order, and the labels their
/// scores and RDMs are keyed by.</summary>
/// <remarks>A label is the name the user chose (e.g. "stage4" rather than an ONNX node name); layers that resolve to the same
/// canonical name are scored once, under the first label.</remarks>
internal sealed class CandidateLayers
{
    /// <summary>The canonical names, in the order the layers are scored.</summary>
    public string[] Canonical { get; }

    /// <summary>The labels, one per canonical name, in the same order.</summary>
    public string[] Labels { get; }

    /// <summary>Resolves <paramref name="requested"/> (every layer of <paramref name="network"/> when null) to distinct canonical names.</summary>
    public CandidateLayers(ITappableNetwork network, IReadOnlyList<string>? requested)
    {
        var named = (requested ?? network.Layers).Select(l => (Label: l.Trim(), Canonical: network.Resolve(l)))
            .DistinctBy(l => l.Canonical).ToArray();
        Canonical = named.Select(l => l.Canonical).ToArray();
        Labels = named.Select(l => l.Label).ToArray();
    }

    /// <summary>The label of a canonical layer name: the candidate's name as requested, else the canonical name itself.</summary>
    public string LabelOf(string canonical) => Array.IndexOf(Canonical, canonical) is >= 0 and var i ? Labels[i] : canonical;

    /// <summary>The same map keyed by labels instead of canonical names, in the same order.</summary>
    public Dictionary<string, T> ByLabel<T>(IReadOnlyDictionary<string, T> byCanonical) =>
        byCanonical.ToDictionary(kv => LabelOf(kv.Key), kv => kv.Value);
}
