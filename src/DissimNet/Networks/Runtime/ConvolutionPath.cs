namespace DissimNet.Networks.Runtime;

/// <summary>Which kernels libtorch uses for float32 convolutions.</summary>
public enum ConvolutionPath
{
    /// <summary>oneDNN with the widest instruction set of the CPU: the fast path, used wherever it is correct.</summary>
    OneDnn,

    /// <summary>oneDNN limited to SSE4.1 (ONEDNN_MAX_CPU_ISA=SSE41, set before oneDNN creates its first kernel).</summary>
    OneDnnSse41,

    /// <summary>libtorch's own convolution kernels, with oneDNN switched off.</summary>
    Reference,
}

/// <summary>Names of <see cref="ConvolutionPath"/> as the DISSIMNET_CONV variable spells them.</summary>
internal static class ConvolutionPathNames
{
    /// <summary>The environment variable that forces a path: auto (default), onednn, onednn-sse41 or reference.</summary>
    public const string Variable = RuntimeEnvironment.ConvolutionPathVariable;

    /// <summary>The spelling of a path.</summary>
    public static string Name(this ConvolutionPath path) => path switch
    {
        ConvolutionPath.OneDnn => "onednn",
        ConvolutionPath.OneDnnSse41 => "onednn-sse41",
        _ => "reference",
    };

    /// <summary>Parses a value of <see cref="Variable"/>; null means auto.</summary>
    public static ConvolutionPath? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "onednn" => ConvolutionPath.OneDnn,
        "onednn-sse41" or "sse41" => ConvolutionPath.OneDnnSse41,
        "reference" or "native" => ConvolutionPath.Reference,
        _ => throw new DissimNetException(
            $"environment variable {Variable}='{value}': expected auto, onednn, onednn-sse41 or reference"),
    };
}
