using static TorchSharp.torch;

namespace DissimNet.Networks.Runtime;

/// <summary>One convolution shape the self-check runs: channels, kernel, stride, padding, groups, input side and minibatch size.</summary>
internal sealed record ConvolutionCase(int InChannels, int OutChannels, int Kernel, int Stride, int Padding, int Side, int Groups = 1, int Batch = 2)
{
    public override string ToString() =>
        $"{InChannels}->{OutChannels} k{Kernel} s{Stride} p{Padding}{(Groups > 1 ? $" g{Groups}" : "")} {Side}x{Side}{(Batch != 2 ? $" mb{Batch}" : "")}";
}

/// <summary>The worst disagreement of one case, and where.</summary>
internal sealed record ConvolutionCheckResult(ConvolutionCase Case, string Quantity, double RelativeError)
{
    /// <summary>True when the float32 result agrees with float64 within the tolerance (NaN never does).</summary>
    public bool Passed => RelativeError <= ConvolutionSelfCheck.Tolerance;
}

/// <summary>Checks float32 convolutions, forward and backward, against the same convolutions in float64.</summary>
/// <remarks>
/// libtorch runs float32 convolutions through oneDNN but float64 ones through its own reference kernels, so
/// float64 is an independent oracle on the machine at hand. The cases cover the channel counts that went wrong
/// on a faulty CPU (not multiples of 16: 3->4->6->5, 17, 24, 40) and the standard widths of the built-in networks.
/// oneDNN picks its implementation by shape and minibatch size (at SSE4.1, for instance, the 3->4->6->5 stack runs on
/// jit:sse41 kernels at minibatch 2 but on the gemm-based x64:gemm:jit implementation at the minibatches of training),
/// and splits work across threads by minibatch, so the small shapes are also checked at training-sized minibatches.
/// </remarks>
internal static class ConvolutionSelfCheck
{
    /// <summary>Largest accepted error, relative to the largest magnitude of the float64 result.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>The cases run before the first network is used.</summary>
    public static readonly IReadOnlyList<ConvolutionCase> Cases =
    [
        new(3, 4, 3, 1, 1, 8), new(4, 6, 3, 1, 1, 8), new(6, 5, 3, 1, 1, 4),
        new(17, 24, 3, 1, 1, 9), new(24, 40, 1, 1, 0, 7), new(40, 17, 5, 2, 2, 11), new(24, 24, 3, 2, 1, 9, Groups: 24),
        new(3, 64, 7, 2, 3, 32), new(64, 64, 3, 1, 1, 14),
        new(3, 4, 3, 1, 1, 8, Batch: 6), new(4, 6, 3, 1, 1, 8, Batch: 12), new(6, 5, 3, 1, 1, 4, Batch: 5),
        new(64, 64, 3, 1, 1, 7, Batch: 16),
    ];

    /// <summary>Runs every case (forward, input gradient, weight gradient, bias gradient) and returns one result per case.</summary>
    public static IReadOnlyList<ConvolutionCheckResult> Run(IEnumerable<ConvolutionCase>? cases = null, int seed = 20261128) =>
        (cases ?? Cases).Select((c, i) => Check(c, seed + i)).ToList();

    /// <summary>Compares one case in float32 against float64.</summary>
    public static ConvolutionCheckResult Check(ConvolutionCase c, int seed)
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var x = randn([c.Batch, c.InChannels, c.Side, c.Side], dtype: ScalarType.Float64, device: CPU, generator: generator);
        var w = randn([c.OutChannels, c.InChannels / c.Groups, c.Kernel, c.Kernel], dtype: ScalarType.Float64, device: CPU, generator: generator);
        var b = randn([c.OutChannels], dtype: ScalarType.Float64, device: CPU, generator: generator);
        var reference = Evaluate(c, x, w, b);
        // Twice, so that a kernel reading memory it never wrote shows up as disagreement between runs too.
        var worst = new ConvolutionCheckResult(c, "forward", 0);
        for (int repeat = 0; repeat < 2; repeat++)
        {
            var single = Evaluate(c, x.to(ScalarType.Float32), w.to(ScalarType.Float32), b.to(ScalarType.Float32));
            foreach (var (name, expected) in reference)
            {
                double error = RelativeError(single[name], expected);
                if (!(error <= worst.RelativeError)) worst = worst with { Quantity = name, RelativeError = error };
            }
        }
        return worst;
    }

    static Dictionary<string, Tensor> Evaluate(ConvolutionCase c, Tensor x, Tensor w, Tensor b)
    {
        x = x.detach().requires_grad_(true);
        w = w.detach().requires_grad_(true);
        b = b.detach().requires_grad_(true);
        var y = nn.functional.conv2d(x, w, b, strides: [c.Stride, c.Stride], padding: [c.Padding, c.Padding], groups: c.Groups);
        // A fixed upstream gradient that is not all ones, so the backward kernels see real data.
        var upstream = ScalarArithmetic.Sub(ScalarArithmetic.Remainder(ScalarArithmetic.Arange(y.numel(), ScalarType.Float64, y.device).reshape(y.shape), 7), 3).to(y.dtype);
        y.backward([upstream]);
        return new()
        {
            ["forward"] = y.detach().to(ScalarType.Float64),
            ["input gradient"] = x.grad!.to(ScalarType.Float64),
            ["weight gradient"] = w.grad!.to(ScalarType.Float64),
            ["bias gradient"] = b.grad!.to(ScalarType.Float64),
        };
    }

    static double RelativeError(Tensor actual, Tensor expected)
    {
        double scale = expected.abs().max().item<double>();
        double difference = (actual - expected).abs().max().item<double>(); // NaN in actual gives NaN here
        return difference / Math.Max(scale, 1e-30);
    }
}
