using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>A three-convolution network on 8 x 8 images implementing ITappableNetwork, initialised from a seed without torch's RNG.</summary>
sealed class TinyConvNet : ITappableNetwork
{
    static readonly string[] names = ["conv1", "relu1", "conv2", "relu2", "pool2", "conv3"];
    readonly nn.Module<Tensor, Tensor>[] stages;
    readonly ScalarType dtype;

    public TinyConvNet(int seed, ScalarType dtype = ScalarType.Float32)
    {
        DissimNet.Networks.Runtime.ConvolutionGuard.EnsureVerified();
        this.dtype = dtype;
        stages =
        [
            nn.Conv2d(3, 4, 3, padding: 1), nn.ReLU(), nn.Conv2d(4, 6, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 5, 3, padding: 1),
        ];
        var sequential = nn.Sequential(names.Zip(stages, (n, m) => (n, (nn.Module<Tensor, Tensor>)m)).ToArray());
        sequential.to(dtype);
        var rng = new Random(seed);
        using (no_grad())
            foreach (var (_, p) in sequential.named_parameters())
            {
                var values = new double[p.numel()];
                double scale = 1.0 / Math.Sqrt(p.dim() > 1 ? p.shape[1] * p.shape[2] * p.shape[3] : 4);
                for (int i = 0; i < values.Length; i++) values[i] = (rng.NextDouble() * 2 - 1) * scale;
                p.copy_(tensor(values).reshape(p.shape).to(dtype));
            }
        Module = sequential;
    }

    public string Architecture => "tiny";
    public LayerNames Names { get; } = new("tiny", names, [new("last", "conv3")]);
    public nn.Module Module { get; }

    public int LayerIndexOfParameter(string parameterName) => Array.IndexOf(names, parameterName.Split('.')[0]);

    /// <summary>Images follow the parameters to their device, as DissimNet's networks do; x / 255 - 0.5 with Scalars it owns, as the library's arithmetic.</summary>
    public Tensor Preprocess(Tensor rgbImagesNhwc) =>
        ScalarArithmetic.Sub(ScalarArithmetic.Div(rgbImagesNhwc.to(DissimNet.Networks.Runtime.ComputeDevice.Of(Module)).permute(0, 3, 1, 2).to(dtype), 255.0), 0.5).contiguous();

    public IReadOnlyDictionary<string, Tensor> Forward(Tensor input, IReadOnlyCollection<string> layers) => Run(0, input, layers);

    public bool IsCutPoint(string layer) => true;

    public IReadOnlyDictionary<string, Tensor> ForwardFrom(string startLayer, Tensor activation, IReadOnlyCollection<string> layers) =>
        Run(Array.IndexOf(names, startLayer) + 1, activation, layers);

    IReadOnlyDictionary<string, Tensor> Run(int start, Tensor x, IReadOnlyCollection<string> layers)
    {
        int last = layers.Max(l => Array.IndexOf(names, Names.Resolve(l)));
        var outputs = new Dictionary<string, Tensor>();
        for (int i = start; i <= last; i++)
        {
            x = stages[i].forward(x);
            if (layers.Contains(names[i])) outputs[names[i]] = x;
        }
        return outputs;
    }

    public void Dispose() => Module.Dispose();
}
