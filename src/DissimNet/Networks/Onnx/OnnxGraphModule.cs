using System.Text.RegularExpressions;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks.Onnx;

/// <summary>An ONNX graph imported as a trainable TorchSharp module.</summary>
/// <remarks>
/// Initializers that feed weights (Conv, Gemm and MatMul weights and biases, BatchNormalization scale and
/// bias, Add operands) become parameters so the network can be fine-tuned; the others
/// (running statistics, mean images, shapes) become buffers. BatchNormalization always uses its stored
/// running statistics (ONNX inference semantics). Parameter names are the initializer names with
/// characters other than letters, digits and '_' replaced by '_'.
/// </remarks>
internal sealed class OnnxGraphModule : nn.Module<Tensor, Tensor>
{
    sealed record Step(string Label, string OpType, string[] Inputs, string[] Outputs, OnnxOperation Run);

    readonly List<Step> _steps = [];
    readonly Dictionary<string, Tensor> _weights = [];          // ONNX value name -> parameter or buffer
    readonly Dictionary<string, Tensor> _constants = [];        // outputs of Constant nodes
    readonly Dictionary<string, string> _registeredName = [];   // ONNX initializer name -> registered name
    readonly Dictionary<string, int> _producer = [];            // value name -> step index
    readonly Dictionary<string, int> _lastUse = [];             // value name -> last consuming step index
    readonly List<string> _layers = [];
    readonly string _source;

    /// <summary>Name of the graph's image input.</summary>
    public string InputName { get; }

    /// <summary>The file (or description) the graph was imported from.</summary>
    public string Source => _source;

    /// <summary>The module's current value of an ONNX initializer (a parameter or buffer), or null when the graph has none of that name.</summary>
    public Tensor? ValueOf(string initializerName) => _weights.GetValueOrDefault(initializerName);

    /// <summary>The ONNX names of the graph's initializers (its parameters and buffers).</summary>
    public IEnumerable<string> Initializers => _weights.Keys;

    /// <summary>Name of the graph's (first) output.</summary>
    public string OutputName { get; }

    /// <summary>Node outputs in execution order (Constant nodes excluded): the tappable layers.</summary>
    public IReadOnlyList<string> Layers => _layers;

    /// <summary>Imports an ONNX model file.</summary>
    public static OnnxGraphModule Load(string path, string? name = null)
    {
        if (!File.Exists(path)) throw new DissimNetException($"{path}: ONNX model file not found");
        IO.FileBytes.CheckRegular(path);
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new DissimNetException($"{path}: not a readable ONNX model ({e.Message})");
        }
        if (model.Graph is null || model.Graph.Node.Count == 0)
            throw new DissimNetException($"{path}: the ONNX model has no graph nodes");
        try
        {
            return new OnnxGraphModule(model, path, name ?? Path.GetFileNameWithoutExtension(path));
        }
        catch (Exception e) when (e is not DissimNetException and not OutOfMemoryException)
        {
            // A damaged graph (impossible attributes, shapes libtorch refuses) fails in TorchSharp with assorted exception types.
            throw new DissimNetException($"{path}: not a usable ONNX model ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()})", e);
        }
    }

    /// <summary>Imports a parsed ONNX model; <paramref name="source"/> names it in error messages.</summary>
    public OnnxGraphModule(ModelProto model, string source, string name) : base(name)
    {
        _source = source;
        var graph = model.Graph;
        long opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(13).Max();
        var initializers = new Dictionary<string, TensorProto>();
        foreach (var t in graph.Initializer)
            if (!initializers.TryAdd(t.Name, t))
                throw new DissimNetException($"{source}: holds two initializers named '{t.Name}'; an ONNX graph names each value once");

        var inputs = graph.Input.Select(i => i.Name).Where(n => !initializers.ContainsKey(n)).ToList();
        if (inputs.Count != 1)
            throw new DissimNetException($"{source}: expected one image input, found {inputs.Count} ({string.Join(", ", inputs)})");
        InputName = inputs[0];
        OutputName = graph.Output.Count > 0 ? graph.Output[0].Name : graph.Node[^1].Output[0];

        var trainable = new HashSet<string>();
        foreach (var node in graph.Node)
            for (int i = 0; i < node.Input.Count; i++)
                if (initializers.ContainsKey(node.Input[i]) && OnnxOperators.IsTrainableInput(node.OpType, i))
                    trainable.Add(node.Input[i]);

        var usedNames = new HashSet<string>();
        foreach (var (onnxName, proto) in initializers)
        {
            var registered = UniqueName(onnxName, usedNames);
            var value = OnnxTensors.ToTorch(proto, source);
            if (trainable.Contains(onnxName) && value.is_floating_point())
            {
                var parameter = new TorchSharp.Modules.Parameter(value, requires_grad: true);
                register_parameter(registered, parameter);
                _weights[onnxName] = parameter;
            }
            else
            {
                register_buffer(registered, value);
                _weights[onnxName] = value;
            }
            _registeredName[onnxName] = registered;
        }

        foreach (var node in graph.Node)
        {
            var run = OnnxOperators.Create(node, opset, source);
            if (node.OpType == "Constant")
            {
                _constants[node.Output[0]] = run([])[0];
                continue;
            }
            var step = new Step(OnnxOperators.NodeLabel(node), node.OpType, node.Input.ToArray(), node.Output.ToArray(), run);
            int index = _steps.Count;
            foreach (var input in step.Inputs)
            {
                if (input.Length == 0 || _weights.ContainsKey(input) || _constants.ContainsKey(input)) continue;
                if (input != InputName && !_producer.ContainsKey(input))
                    throw new DissimNetException($"{source}: node '{step.Label}' ({step.OpType}) reads '{input}', which no earlier node produces (graph not in topological order?)");
                _lastUse[input] = index;
            }
            for (int o = 0; o < step.Outputs.Length; o++)
            {
                _producer[step.Outputs[o]] = index;
                if (o == 0 || graph.Node.Any(n => n.Input.Contains(step.Outputs[o]))) _layers.Add(step.Outputs[o]);
            }
            _steps.Add(step);
        }
        _lastUse[OutputName] = int.MaxValue;
        _layers.RemoveAll(l => !_producer.ContainsKey(l));
    }

    static string UniqueName(string onnxName, HashSet<string> used)
    {
        var name = Regex.Replace(onnxName, "[^A-Za-z0-9_]", "_");
        if (name.Length == 0 || char.IsDigit(name[0])) name = "w_" + name;
        var candidate = name;
        for (int k = 1; !used.Add(candidate); k++) candidate = $"{name}_{k}";
        return candidate;
    }

    /// <summary>After the module moves (<c>to(device)</c> replaces its parameters and buffers), the ONNX-name lookup and the
    /// Constant nodes' values follow, so no step reads a tensor left on the old device.</summary>
    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
    {
        base._toEpilog(dtype, device, non_blocking);
        var current = named_parameters(recurse: false).Select(p => (p.name, Value: (Tensor)p.parameter))
            .Concat(named_buffers(recurse: false).Select(b => (b.name, Value: b.buffer)))
            .ToDictionary(x => x.name, x => x.Value);
        foreach (var (onnxName, registered) in _registeredName)
            if (current.TryGetValue(registered, out var value)) _weights[onnxName] = value;
        var target = current.Values.FirstOrDefault()?.device;
        if (target is null) return;
        foreach (var name in _constants.Keys.ToList())
            if (_constants[name].device != target) _constants[name] = _constants[name].to(target);
    }

    /// <summary>Runs the whole graph and returns its output.</summary>
    public override Tensor forward(Tensor input)
    {
        var outputs = Run(InputName, input, [OutputName]);
        return outputs[OutputName];
    }

    /// <summary>Index of the step producing a value (-1 for the graph input).</summary>
    internal int ProducerOf(string value) =>
        value == InputName ? -1 : _producer.TryGetValue(value, out var i) ? i : throw new DissimNetException($"{_source}: no node output named '{value}'");

    /// <summary>True when after producing <paramref name="value"/> nothing earlier is read again.</summary>
    internal bool IsCutPoint(string value)
    {
        int at = ProducerOf(value);
        foreach (var (other, last) in _lastUse)
        {
            if (other == value || last <= at) continue;
            int producedAt = other == InputName ? -1 : _producer.GetValueOrDefault(other, int.MaxValue);
            if (producedAt <= at) return false;
        }
        return true;
    }

    /// <summary>The ONNX initializer name behind a registered parameter or buffer name.</summary>
    internal string? InitializerOf(string registeredName) =>
        _registeredName.FirstOrDefault(kv => kv.Value == registeredName).Key;

    /// <summary>First layer (node output) that reads an initializer.</summary>
    internal string? FirstConsumerLayer(string initializer)
    {
        var step = _steps.FirstOrDefault(s => s.Inputs.Contains(initializer));
        return step?.Outputs[0];
    }

    /// <summary>Runs from <paramref name="startValue"/> (the graph input or a cut point) until every wanted value exists.</summary>
    /// <remarks>Values are released after their last reader unless wanted, so memory holds only what is needed.</remarks>
    internal Dictionary<string, Tensor> Run(string startValue, Tensor activation, IReadOnlyCollection<string> wanted)
    {
        int start = ProducerOf(startValue);
        int last = wanted.Select(ProducerOf).DefaultIfEmpty(start).Max();
        var result = new Dictionary<string, Tensor>();
        if (wanted.Contains(startValue)) result[startValue] = activation;
        var live = new Dictionary<string, Tensor> { [startValue] = activation };
        for (int i = start + 1; i <= last; i++)
        {
            var step = _steps[i];
            var args = new Tensor?[step.Inputs.Length];
            for (int k = 0; k < args.Length; k++)
                args[k] = Lookup(step.Inputs[k], live, step);
            var outputs = step.Run(args);
            for (int o = 0; o < step.Outputs.Length && o < outputs.Length; o++)
            {
                var name = step.Outputs[o];
                bool keep = wanted.Contains(name);
                if (keep) result[name] = outputs[o];
                if (_lastUse.TryGetValue(name, out var use) && use > i && use != int.MaxValue) live[name] = outputs[o];
                else if (!keep) outputs[o].Dispose();
            }
            foreach (var input in step.Inputs.Distinct())
                if (live.TryGetValue(input, out var t) && _lastUse.GetValueOrDefault(input) <= i)
                {
                    live.Remove(input);
                    if (!result.ContainsKey(input) && !ReferenceEquals(t, activation)) t.Dispose();
                }
        }
        return result;
    }

    Tensor? Lookup(string name, Dictionary<string, Tensor> live, Step step)
    {
        if (name.Length == 0) return null;
        if (live.TryGetValue(name, out var t)) return t;
        if (_weights.TryGetValue(name, out t)) return t;
        if (_constants.TryGetValue(name, out t)) return t;
        throw new DissimNetException($"{_source}: node '{step.Label}' ({step.OpType}) needs '{name}', which is not available when starting from this layer");
    }
}
