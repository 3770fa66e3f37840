using DissimNet.Networks.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>A CNN imported from ONNX whose layers are its node outputs (plus optional readable aliases).</summary>
internal sealed class OnnxNetwork : ITappableNetwork
{
    readonly OnnxGraphModule _graph;
    readonly LayerNames _names;
    readonly Func<Tensor, Tensor> _preprocess;

    /// <summary>Wraps an imported graph; <paramref name="preprocess"/> turns N x H x W x 3 RGB (0..255) into the graph input.</summary>
    public OnnxNetwork(string architecture, OnnxGraphModule graph, Func<Tensor, Tensor> preprocess,
        IEnumerable<KeyValuePair<string, string>>? aliases = null)
    {
        Runtime.ConvolutionGuard.EnsureVerified();
        Architecture = architecture;
        _graph = graph;
        _preprocess = preprocess;
        _names = new LayerNames(architecture, graph.Layers, aliases ?? []);
    }

    /// <inheritdoc/>
    public string Architecture { get; }

    /// <inheritdoc/>
    public LayerNames Names => _names;

    /// <inheritdoc/>
    public nn.Module Module => _graph;

    /// <summary>The imported graph.</summary>
    public OnnxGraphModule Graph => _graph;

    /// <inheritdoc/>
    public int LayerIndexOfParameter(string parameterName)
    {
        var initializer = _graph.InitializerOf(parameterName)
            ?? throw new DissimNetException($"{Architecture}: no parameter named '{parameterName}'");
        var layer = _graph.FirstConsumerLayer(initializer)
            ?? throw new DissimNetException($"{Architecture}: parameter '{parameterName}' is read by no layer");
        return _names.IndexOf(layer);
    }

    /// <inheritdoc/>
    /// <remarks>Images are moved to the device of the network's parameters first.</remarks>
    public Tensor Preprocess(Tensor rgbImagesNhwc) => Runtime.ComputeDevice.OnDevice(rgbImagesNhwc, Runtime.ComputeDevice.Of(_graph), _preprocess);

    /// <inheritdoc/>
    /// <remarks>The result is keyed by the names as requested (aliases stay aliases).</remarks>
    public IReadOnlyDictionary<string, Tensor> Forward(Tensor input, IReadOnlyCollection<string> layers) =>
        Run(_graph.InputName, input, layers);

    /// <inheritdoc/>
    public bool IsCutPoint(string layer) => _graph.IsCutPoint(_names.Resolve(layer));

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Tensor> ForwardFrom(string startLayer, Tensor activation, IReadOnlyCollection<string> layers)
    {
        var start = _names.Resolve(startLayer);
        if (!_graph.IsCutPoint(start))
            throw new DissimNetException($"{Architecture}: cannot continue from '{startLayer}': a skip connection crosses it (not a cut point)");
        foreach (var layer in layers)
            if (_names.IndexOf(_names.Resolve(layer)) < _names.IndexOf(start))
                throw new DissimNetException($"{Architecture}: layer '{layer}' comes before the start layer '{startLayer}'");
        return Run(start, activation, layers);
    }

    IReadOnlyDictionary<string, Tensor> Run(string start, Tensor activation, IReadOnlyCollection<string> layers)
    {
        if (layers.Count == 0) throw new DissimNetException($"{Architecture}: no layers requested");
        var canonical = layers.ToDictionary(l => l, _names.Resolve);
        var outputs = _graph.Run(start, activation, canonical.Values.ToHashSet());
        var result = new Dictionary<string, Tensor>();
        foreach (var (requested, name) in canonical)
            result[requested] = outputs[name];
        return result;
    }

    /// <inheritdoc/>
    public void Dispose() => _graph.Dispose();
}
