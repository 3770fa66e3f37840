using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>Collects the outputs of requested layers during one forward pass and drops the rest.</summary>
public sealed class LayerTaps
{
    readonly HashSet<string> _wanted;
    readonly Dictionary<string, Tensor> _taken = [];

    /// <summary>Taps the given canonical layer names.</summary>
    public LayerTaps(IEnumerable<string> wanted) => _wanted = wanted.ToHashSet();

    /// <summary>Records <paramref name="output"/> if <paramref name="layer"/> was requested; returns it unchanged.</summary>
    public Tensor Tap(string layer, Tensor output)
    {
        if (_wanted.Contains(layer)) _taken[layer] = output;
        return output;
    }

    /// <summary>True when <paramref name="output"/> is a recorded tap (so it must not be released).</summary>
    public bool Holds(Tensor output) => _taken.Values.Any(t => ReferenceEquals(t, output));

    /// <summary>The recorded outputs by canonical name.</summary>
    public IReadOnlyDictionary<string, Tensor> Taken => _taken;
}
