using DissimNet.Networks.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>A value that is not finite: what it is (e.g. "the loss") and what it holds (e.g. "is NaN").</summary>
internal sealed record NonFiniteValue(string Subject, string State);

/// <summary>Finds NaN or infinite values in a batch's loss, its gradients, or the trained weights.</summary>
/// <remarks>The per-batch check of the gradients costs one sum per gradient and a single read back: a NaN or an infinity
/// anywhere makes the total non-finite. Only then are the gradients inspected one by one, which also clears a total that
/// merely overflowed.</remarks>
internal static class FiniteCheck
{
    /// <summary>Null when the loss and every gradient of <paramref name="parameters"/> are finite; else the first that is not.</summary>
    public static NonFiniteValue? LossAndGradients(double loss, IReadOnlyList<(string Name, Parameter Parameter)> parameters)
    {
        if (!double.IsFinite(loss)) return new NonFiniteValue("the loss", $"is {Name(loss)}");
        using var scope = NewDisposeScope();
        var gradients = parameters.Select(p => (p.Name, Gradient: p.Parameter.grad)).Where(g => g.Gradient is not null).ToList();
        if (gradients.Count == 0 || double.IsFinite(ScalarArithmetic.ToDouble(stack(gradients.Select(g => g.Gradient!.sum()).ToArray()).sum()))) return null;
        foreach (var (name, gradient) in gradients)
            if (Kind(gradient!) is { } kind) return new NonFiniteValue($"the gradient of {name}", $"holds {kind}");
        return null;
    }

    /// <summary>Null when every parameter of <paramref name="parameters"/> is finite; else the first that is not.</summary>
    public static NonFiniteValue? Weights(IReadOnlyList<(string Name, Parameter Parameter)> parameters)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (name, parameter) in parameters)
            if (Kind(parameter) is { } kind) return new NonFiniteValue($"the weight {name}", $"holds {kind}");
        return null;
    }

    /// <summary>"NaN" or "Inf" when the tensor holds such a value (NaN first), else null.</summary>
    static string? Kind(Tensor t) =>
        isfinite(t).all().item<bool>() ? null : isnan(t).any().item<bool>() ? "NaN" : "Inf";

    static string Name(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "Inf" : "-Inf";
}
