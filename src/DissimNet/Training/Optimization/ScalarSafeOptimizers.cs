using DissimNet.Networks.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using S = DissimNet.Networks.Runtime.ScalarArithmetic;

namespace DissimNet.Training;

/// <summary>TorchSharp's SGD, Adam and AdamW with a <c>step</c> that owns the Scalars of its arithmetic (see <see cref="ScalarArithmetic"/>).</summary>
/// <remarks>TorchSharp 0.107's own <c>step</c> passes the learning rate, momentum, betas and eps as implicit Scalars that it
/// leaves to the finalizer, which a garbage collection on another thread can free during the native update. These classes
/// only replace <c>step</c>: each applies PyTorch's update rule with the same tensor operations, in the same order and with
/// the same values as TorchSharp's, so the weights they reach are bit for bit the same. Everything else (hyperparameters,
/// per-parameter state, <c>save_state_dict</c> and <c>load_state_dict</c>) is TorchSharp's; each class keeps its base
/// class's name (SGD, Adam, AdamW), which is what TorchSharp writes into and checks in a saved state, so states saved
/// before and after this change load in either.</remarks>
internal static class ScalarSafeOptimizers
{
    /// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay.</summary>
    internal sealed class SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
        bool nesterov = false, bool maximize = false) : TorchSharp.Modules.SGD(parameters, lr, momentum, dampening, weight_decay, nesterov, maximize)
    {
        /// <summary>One update of every parameter that has a gradient.</summary>
        public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
        {
            var options = group.Options;
            double lr = options.LearningRate!.Value, momentum = options.momentum!.Value, dampening = options.dampening!.Value;
            double decay = options.weight_decay!.Value;
            bool nesterov = options.nesterov!.Value, maximize = options.maximize!.Value;
            foreach (var (param, gradient) in Gradients(group.Parameters, negate: false))
            {
                var state = (State)_state[param.Handle];
                // g + decay w (a new tensor: the stored gradient stays the loss's own)
                var grad = decay != 0 ? S.Add(gradient, param, decay) : gradient;
                if (momentum != 0)
                {
                    // b = g on the first step, then b = momentum b + (1 - dampening) g; Nesterov steps along g + momentum b.
                    var buffer = state.momentum_buffer;
                    if (buffer is null) state.momentum_buffer = buffer = grad.clone().detach().DetachFromDisposeScope();
                    else S.AddInPlace(S.MulInPlace(buffer, momentum), grad, 1 - dampening);
                    grad = nesterov ? S.Add(grad, buffer, momentum) : buffer;
                }
                S.AddInPlace(param, grad, maximize ? lr : -lr);
            }
        }, closure);
    }

    /// <summary>Adam with L2 weight decay added to the gradient (and optionally AMSGrad).</summary>
    internal sealed class Adam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weight_decay = 0,
        bool amsgrad = false, bool maximize = false) : TorchSharp.Modules.Adam(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)
    {
        /// <summary>One update of every parameter that has a gradient.</summary>
        public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
        {
            var o = group.Options;
            var rates = new AdamRates(o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.amsgrad!.Value);
            foreach (var (param, gradient) in Gradients(group.Parameters, o.maximize!.Value))
            {
                var state = (State)_state[param.Handle];
                var grad = o.weight_decay!.Value != 0 ? S.Add(gradient, param, o.weight_decay.Value) : gradient; // L2: g + decay w
                state.max_exp_avg_sq = AdamUpdate(param, grad, grad.conj(), ++state.step, state.exp_avg, state.exp_avg_sq, state.max_exp_avg_sq, rates);
            }
        }, closure);
    }

    /// <summary>AdamW: decoupled weight decay, w = (1 - lr decay) w before the Adam step (and optionally AMSGrad).</summary>
    internal sealed class AdamW(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weight_decay = 0,
        bool amsgrad = false, bool maximize = false) : TorchSharp.Modules.AdamW(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)
    {
        /// <summary>One update of every parameter that has a gradient.</summary>
        public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
        {
            var o = group.Options;
            double shrink = 1 - o.LearningRate!.Value * o.weight_decay!.Value;
            foreach (var (param, grad) in Gradients(group.Parameters, o.maximize!.Value))
            {
                var state = (State)_state[param.Handle];
                S.MulInPlace(param, shrink);
                state.max_exp_avg_sq = AdamUpdate(param, grad, grad, ++state.step, state.exp_avg, state.exp_avg_sq, state.max_exp_avg_sq,
                    new(o.LearningRate.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.amsgrad!.Value));
            }
        }, closure);
    }

    /// <summary>Every parameter that has a gradient, with its gradient, negated when <paramref name="negate"/> (Adam's maximize;
    /// SGD's flips the sign of its step instead), read as the parameters are updated.</summary>
    static IEnumerable<(Parameter Param, Tensor Grad)> Gradients(IEnumerable<Parameter> parameters, bool negate)
    {
        foreach (var param in parameters)
            if (param.grad is { } grad) yield return (param, negate ? -grad : grad);
    }

    /// <summary>One group's Adam hyperparameters.</summary>
    readonly record struct AdamRates(double Lr, double Beta1, double Beta2, double Eps, bool Amsgrad);

    /// <summary>The Adam step of step number <paramref name="step"/>: m = beta1 m + (1 - beta1) g and v = beta2 v + (1 - beta2) g x
    /// <paramref name="gradientFactor"/> in place, then w -= lr / (1 - beta1^t) x m / (sqrt(v) / sqrt(1 - beta2^t) + eps), with v the
    /// running maximum of the second moments under AMSGrad; returns that maximum (<paramref name="maximum"/> unchanged without AMSGrad).</summary>
    static Tensor AdamUpdate(Parameter param, Tensor grad, Tensor gradientFactor, long step, Tensor average, Tensor squares, Tensor maximum, AdamRates rates)
    {
        S.AddInPlace(S.MulInPlace(average, rates.Beta1), grad, 1 - rates.Beta1);
        S.AddcmulInPlace(S.MulInPlace(squares, rates.Beta2), grad, gradientFactor, 1 - rates.Beta2);
        if (rates.Amsgrad)
        {
            var previous = maximum;
            maximum = torch.maximum(previous, squares).DetachFromDisposeScope();
            previous.Dispose();
        }
        var denominator = S.AddInPlace(S.Div((rates.Amsgrad ? maximum : squares).sqrt(), Math.Sqrt(1 - Math.Pow(rates.Beta2, step))), rates.Eps);
        S.AddcdivInPlace(param, average, denominator, -(rates.Lr / (1 - Math.Pow(rates.Beta1, step))));
        return maximum;
    }
}
