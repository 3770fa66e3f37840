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
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null) continue;
                var state = (State)_state[param.Handle];
                // g += decay w (a new tensor: the stored gradient stays the loss's own)
                if (decay != 0) grad = S.Add(grad, param, decay);
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
            var options = group.Options;
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null) continue;
                var state = (State)_state[param.Handle];
                if (options.maximize!.Value) grad = -grad;
                state.step += 1;
                double decay = options.weight_decay!.Value;
                if (decay != 0) grad = S.Add(grad, param, decay);
                var (average, squares) = Moments(options.beta1!.Value, options.beta2!.Value, state.exp_avg, state.exp_avg_sq, grad, grad.conj());
                var denominator = Denominator(state.step, options.amsgrad!.Value, options.beta2!.Value, options.eps!.Value, squares, ref state.max_exp_avg_sq);
                S.AddcdivInPlace(param, average, denominator, -(options.LearningRate!.Value / (1 - Math.Pow(options.beta1!.Value, state.step))));
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
            var options = group.Options;
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null) continue;
                var state = (State)_state[param.Handle];
                if (options.maximize!.Value) grad = -grad;
                state.step += 1;
                double lr = options.LearningRate!.Value;
                S.MulInPlace(param, 1 - lr * options.weight_decay!.Value);
                var (average, squares) = Moments(options.beta1!.Value, options.beta2!.Value, state.exp_avg, state.exp_avg_sq, grad, grad);
                var denominator = Denominator(state.step, options.amsgrad!.Value, options.beta2!.Value, options.eps!.Value, squares, ref state.max_exp_avg_sq);
                S.AddcdivInPlace(param, average, denominator, -(lr / (1 - Math.Pow(options.beta1!.Value, state.step))));
            }
        }, closure);
    }

    /// <summary>Updates Adam's moment estimates in place: m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g x <paramref name="gradientFactor"/>.</summary>
    static (Tensor Average, Tensor Squares) Moments(double beta1, double beta2, Tensor average, Tensor squares, Tensor grad, Tensor gradientFactor)
    {
        S.AddInPlace(S.MulInPlace(average, beta1), grad, 1 - beta1);
        S.AddcmulInPlace(S.MulInPlace(squares, beta2), grad, gradientFactor, 1 - beta2);
        return (average, squares);
    }

    /// <summary>sqrt(v) / sqrt(1 - beta2^t) + eps, with v the running maximum of the second moments under AMSGrad.</summary>
    static Tensor Denominator(long step, bool amsgrad, double beta2, double eps, Tensor squares, ref Tensor maximum)
    {
        if (amsgrad)
        {
            var previous = maximum;
            maximum = torch.maximum(previous, squares).DetachFromDisposeScope();
            previous.Dispose();
            squares = maximum;
        }
        return S.AddInPlace(S.Div(squares.sqrt(), Math.Sqrt(1 - Math.Pow(beta2, step))), eps);
    }
}
