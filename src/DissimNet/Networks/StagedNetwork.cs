using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>A tappable network run as an explicit walk over <see cref="NetworkStage"/>s (TorchVision-style models).</summary>
/// <remarks>Runs only up to the stage holding the deepest requested layer; each stage's intermediate tensors are
/// released as soon as the stage is done, so only requested outputs survive the pass.</remarks>
public sealed class StagedNetwork : ITappableNetwork
{
    readonly IReadOnlyList<NetworkStage> _stages;
    readonly LayerNames _names;
    readonly Dictionary<string, int> _stageOfLayer = [];
    readonly Func<Tensor, Tensor> _preprocess;

    /// <summary>Wraps a module whose forward pass is the given stages in order.</summary>
    public StagedNetwork(string architecture, nn.Module module, IReadOnlyList<NetworkStage> stages,
        Func<Tensor, Tensor> preprocess, IEnumerable<KeyValuePair<string, string>> aliases)
    {
        Runtime.ConvolutionGuard.EnsureVerified();
        Architecture = architecture;
        Module = module;
        _stages = stages;
        _preprocess = preprocess;
        var layers = new List<string>();
        for (int s = 0; s < stages.Count; s++)
            foreach (var layer in stages[s].InnerLayers.Append(stages[s].Name))
            {
                layers.Add(layer);
                _stageOfLayer[layer] = s;
            }
        _names = new LayerNames(architecture, layers, aliases);
    }

    /// <inheritdoc/>
    public string Architecture { get; }

    /// <inheritdoc/>
    public nn.Module Module { get; }

    /// <inheritdoc/>
    public LayerNames Names => _names;

    /// <inheritdoc/>
    /// <remarks>Parameter <c>a.b.weight</c> belongs to the layer named by its longest prefix that is a layer
    /// (a downsample branch's parameters belong to the block output they are added into).</remarks>
    public int LayerIndexOfParameter(string parameterName)
    {
        if (!Module.named_parameters().Any(p => p.name == parameterName) && !Module.named_buffers().Any(b => b.name == parameterName))
            throw new DissimNetException($"{Architecture}: no parameter named '{parameterName}'");
        var path = parameterName;
        while (path.Contains('.'))
        {
            path = path[..path.LastIndexOf('.')];
            if (_stageOfLayer.ContainsKey(path)) return _names.IndexOf(path);
        }
        throw new DissimNetException($"{Architecture}: parameter '{parameterName}' belongs to no tappable layer");
    }

    /// <inheritdoc/>
    /// <remarks>Images are moved to the device of the network's parameters first.</remarks>
    public Tensor Preprocess(Tensor rgbImagesNhwc) => Runtime.ComputeDevice.OnDevice(rgbImagesNhwc, Runtime.ComputeDevice.Of(Module), _preprocess);

    /// <inheritdoc/>
    /// <remarks>The result is keyed by the names as requested (aliases stay aliases).</remarks>
    public IReadOnlyDictionary<string, Tensor> Forward(Tensor input, IReadOnlyCollection<string> layers) => Run(-1, input, layers);

    /// <inheritdoc/>
    public bool IsCutPoint(string layer)
    {
        var name = _names.Resolve(layer);
        return _stages[_stageOfLayer[name]].Name == name;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Tensor> ForwardFrom(string startLayer, Tensor activation, IReadOnlyCollection<string> layers)
    {
        var start = _names.Resolve(startLayer);
        if (!IsCutPoint(start))
            throw new DissimNetException($"{Architecture}: cannot continue from '{startLayer}': it is inside a block (cut points: {string.Join(", ", _stages.Select(s => s.Name))})");
        return Run(_stageOfLayer[start], activation, layers);
    }

    IReadOnlyDictionary<string, Tensor> Run(int startStage, Tensor activation, IReadOnlyCollection<string> layers)
    {
        if (layers.Count == 0) throw new DissimNetException($"{Architecture}: no layers requested");
        var canonical = layers.ToDictionary(l => l, _names.Resolve);
        foreach (var (requested, name) in canonical)
            if (_stageOfLayer[name] <= startStage && name != _stages[startStage].Name)
                throw new DissimNetException($"{Architecture}: layer '{requested}' comes before the start layer '{_stages[startStage].Name}'");
        int last = canonical.Values.Max(n => _stageOfLayer[n]);
        var taps = new LayerTaps(canonical.Values);
        if (startStage >= 0) taps.Tap(_stages[startStage].Name, activation);
        var x = activation;
        for (int s = startStage + 1; s <= last; s++)
        {
            Tensor next;
            var before = taps.Taken.Keys.ToHashSet();
            using (var scope = NewDisposeScope())
            {
                next = taps.Tap(_stages[s].Name, _stages[s].Run(x, taps));
                scope.MoveToOuter(taps.Taken.Where(kv => !before.Contains(kv.Key)).Select(kv => kv.Value).Append(next).Distinct());
            }
            if (!ReferenceEquals(x, activation) && !taps.Holds(x)) x.Dispose();
            x = next;
        }
        if (!taps.Holds(x) && !ReferenceEquals(x, activation)) x.Dispose();
        return canonical.ToDictionary(kv => kv.Key, kv => taps.Taken[kv.Value]);
    }

    /// <inheritdoc/>
    public void Dispose() => Module.Dispose();
}
