using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>One step of a sequential network whose output alone feeds the next step (a cut point).</summary>
/// <param name="Name">Canonical name of the step's output.</param>
/// <param name="InnerLayers">Canonical names tapped inside the step, in order, before its output (e.g. a residual block's convolutions).</param>
/// <param name="Run">Computes the output from the previous step's output, tapping inner layers.</param>
public sealed record NetworkStage(string Name, IReadOnlyList<string> InnerLayers, Func<Tensor, LayerTaps, Tensor> Run)
{
    /// <summary>A step with no inner layers.</summary>
    public NetworkStage(string name, Func<Tensor, Tensor> run) : this(name, [], (x, _) => run(x)) { }
}
