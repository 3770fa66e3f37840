using DissimNet.Networks.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>L2-SP regularisation (Li, Grandvalet and Davoine 2018): the loss gains (lambda/2) x sum ||w - w0||² over the trained
/// parameters, which pulls them towards their starting (pretrained) values w0 rather than towards 0.</summary>
/// <remarks>The term's gradient lambda (w - w0) is added to each parameter's gradient in place after backward, so no penalty
/// tensor is built per step and the training loss reported stays the data loss alone.</remarks>
internal sealed class L2SpPenalty : IDisposable
{
    readonly double lambda;
    readonly (Parameter Parameter, Tensor Start)[] pairs;

    /// <summary>Pulls <paramref name="trained"/> towards <paramref name="start"/> (by parameter name) with strength <paramref name="lambda"/>.</summary>
    public L2SpPenalty(double lambda, IEnumerable<(string Name, Parameter Parameter)> trained, IReadOnlyDictionary<string, Tensor> start)
    {
        this.lambda = lambda;
        pairs = trained.Select(p =>
        {
            if (!start.TryGetValue(p.Name, out var w0))
                throw new DissimNetException($"L2-SP: the starting weights have no parameter {p.Name}");
            if (!w0.shape.SequenceEqual(p.Parameter.shape))
                throw new DissimNetException($"L2-SP: the starting {p.Name} has shape [{string.Join(", ", w0.shape)}], the network's [{string.Join(", ", p.Parameter.shape)}]");
            // A copy the network's later steps cannot change, kept outside any dispose scope for the run's length.
            var copy = w0.detach().to(p.Parameter.dtype, p.Parameter.device).clone().DetachFromDisposeScope();
            return (p.Parameter, copy);
        }).ToArray();
    }

    /// <summary>The current values of <paramref name="trained"/> as starting weights (the network before its first step).</summary>
    public static L2SpPenalty FromCurrent(double lambda, IReadOnlyList<(string Name, Parameter Parameter)> trained)
    {
        using var scope = NewDisposeScope();
        return new L2SpPenalty(lambda, trained, trained.ToDictionary(p => p.Name, p => (Tensor)p.Parameter));
    }

    /// <summary>Adds lambda (w - w0) to every trained parameter's gradient, in place.</summary>
    /// <remarks>A parameter without a gradient is one the loss never reached: the optimizer skips it, so it is still at w0
    /// and its penalty gradient is 0.</remarks>
    public void AddGradient()
    {
        using var _ = no_grad();
        foreach (var (parameter, start) in pairs)
            if (parameter.grad is { } grad)
                ScalarArithmetic.AddInPlace(ScalarArithmetic.AddInPlace(grad, parameter, lambda), start, -lambda);
    }

    /// <summary>The penalty itself, (lambda/2) x sum ||w - w0||², for reports and tests.</summary>
    public double Value()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        double sum = 0;
        foreach (var (parameter, start) in pairs) sum += (parameter - start).square().sum().item<double>();
        return lambda / 2 * sum;
    }

    /// <summary>Frees the starting copies.</summary>
    public void Dispose()
    {
        foreach (var (_, start) in pairs) start.Dispose();
    }
}
