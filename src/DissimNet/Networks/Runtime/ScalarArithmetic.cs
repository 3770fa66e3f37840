using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks.Runtime;

/// <summary>Tensor arithmetic with plain numbers whose <see cref="Scalar"/>s are owned here: each is disposed when its
/// operation has returned, never left to the finalizer. Every torch operation of the library that takes a number goes through here.</summary>
/// <remarks>
/// TorchSharp 0.107 turns each number passed to an operator (<c>x * 2</c>, <c>1 - x</c>, <c>x.clamp_min(1e-12)</c>,
/// an optimizer's learning rate) into a <see cref="Scalar"/> wrapping a native c10::Scalar, and never disposes it. Some
/// tensor-with-tensor operations make one too: <c>a + b</c> and <c>add_(b)</c> are <c>add(b, alpha: 1)</c>. Such a Scalar
/// is unreachable as soon as its native handle has been read, so a garbage collection started by another thread while
/// libtorch is still inside the call may run its finalizer and free the c10::Scalar under the operation: seen as
/// "Expected false to be true ... toFloat at c10/core/Scalar.h" when another thread collected in a loop, and able in
/// principle to read a freed value. Here each Scalar is disposed only after its call has returned, which also keeps it
/// reachable until then.
/// Each method does what the TorchSharp operator or method it replaces does, with a Scalar of the same .NET type
/// (an int stays an int), so results are bit for bit those of the operator; the names follow PyTorch's.
/// </remarks>
internal static class ScalarArithmetic
{
    /// <summary><paramref name="input"/> + <paramref name="other"/> (TorchSharp's <c>a + b</c>, which is <c>add(b, alpha: 1)</c>).</summary>
    public static Tensor Add(Tensor input, Tensor other) => Owning(1.ToScalar(), alpha => input.add(other, alpha));

    /// <summary><paramref name="input"/> + <paramref name="alpha"/> x <paramref name="other"/>.</summary>
    public static Tensor Add(Tensor input, Tensor other, double alpha) => Owning(alpha.ToScalar(), scale => input.add(other, scale));

    /// <summary><paramref name="input"/> + <paramref name="other"/> for a number (TorchSharp's <c>x + 0.5</c>: <c>add(0.5, alpha: 1)</c>).</summary>
    public static Tensor Add(Tensor input, double other) => Owning(other.ToScalar(), 1.ToScalar(), input.add);

    /// <summary><paramref name="input"/> + <paramref name="other"/> for an integer, kept an integer Scalar as in <c>x + 1</c>.</summary>
    public static Tensor Add(Tensor input, int other) => Owning(other.ToScalar(), 1.ToScalar(), input.add);

    /// <summary>In place, <paramref name="input"/> += <paramref name="other"/> (TorchSharp's <c>add_(b)</c>); returns <paramref name="input"/>.</summary>
    public static Tensor AddInPlace(Tensor input, Tensor other) => Owning(1.ToScalar(), alpha => input.add_(other, alpha));

    /// <summary>In place, <paramref name="input"/> += <paramref name="alpha"/> x <paramref name="other"/>; returns <paramref name="input"/>.</summary>
    public static Tensor AddInPlace(Tensor input, Tensor other, double alpha) => Owning(alpha.ToScalar(), scale => input.add_(other, scale));

    /// <summary>In place, <paramref name="input"/> += <paramref name="other"/> for a number (TorchSharp's <c>add_(eps)</c>); returns <paramref name="input"/>.</summary>
    public static Tensor AddInPlace(Tensor input, double other) => Owning(other.ToScalar(), 1.ToScalar(), input.add_);

    /// <summary><paramref name="input"/> - <paramref name="other"/> for an integer.</summary>
    public static Tensor Sub(Tensor input, int other) => Owning(other.ToScalar(), input.sub);

    /// <summary><paramref name="input"/> - <paramref name="other"/> for a number.</summary>
    public static Tensor Sub(Tensor input, double other) => Owning(other.ToScalar(), input.sub);

    /// <summary><paramref name="other"/> - <paramref name="input"/> (PyTorch's rsub), computed as TorchSharp's <c>1 - x</c> is: -x + other.</summary>
    public static Tensor Rsub(Tensor input, int other)
    {
        using var negated = input.negative();
        return Owning(other.ToScalar(), 1.ToScalar(), negated.add);
    }

    /// <summary><paramref name="input"/> x <paramref name="other"/> for a number.</summary>
    public static Tensor Mul(Tensor input, double other) => Owning(other.ToScalar(), input.mul);

    /// <summary>In place, <paramref name="input"/> x= <paramref name="other"/>; returns <paramref name="input"/>.</summary>
    public static Tensor MulInPlace(Tensor input, double other) => Owning(other.ToScalar(), input.mul_);

    /// <summary><paramref name="input"/> / <paramref name="other"/> for a number.</summary>
    public static Tensor Div(Tensor input, double other) => Owning(other.ToScalar(), value => input.div(value));

    /// <summary>The remainder of <paramref name="input"/> divided by an integer (Python's sign convention, as torch.remainder).</summary>
    public static Tensor Remainder(Tensor input, int other) => Owning(other.ToScalar(), input.remainder);

    /// <summary><paramref name="input"/> with every value below <paramref name="min"/> raised to it.</summary>
    public static Tensor ClampMin(Tensor input, double min) => Owning(min.ToScalar(), input.clamp_min);

    /// <summary>In place, <paramref name="input"/> += <paramref name="value"/> x <paramref name="tensor1"/> x <paramref name="tensor2"/>; returns <paramref name="input"/>.</summary>
    public static Tensor AddcmulInPlace(Tensor input, Tensor tensor1, Tensor tensor2, double value) =>
        Owning(value.ToScalar(), scale => input.addcmul_(tensor1, tensor2, scale));

    /// <summary>In place, <paramref name="input"/> += <paramref name="value"/> x <paramref name="tensor1"/> / <paramref name="tensor2"/>; returns <paramref name="input"/>.</summary>
    public static Tensor AddcdivInPlace(Tensor input, Tensor tensor1, Tensor tensor2, double value) =>
        Owning(value.ToScalar(), scale => input.addcdiv_(tensor1, tensor2, scale));

    /// <summary>Leaky ReLU: x where x >= 0, else <paramref name="negativeSlope"/> x x (what nn.functional.leaky_relu computes out of place).</summary>
    public static Tensor LeakyRelu(Tensor input, double negativeSlope) => Owning(negativeSlope.ToScalar(), input.leaky_relu);

    /// <summary>0, 1, ..., <paramref name="end"/> - 1 (torch.arange(end), whose start and step are the integers 0 and 1).</summary>
    public static Tensor Arange(long end, ScalarType dtype, Device device)
    {
        using var start = 0.ToScalar();
        using var step = 1.ToScalar();
        return Owning(end.ToScalar(), stop => arange(start, stop, step, dtype, device: device));
    }

    /// <summary>The value of a one-element tensor as a double (TorchSharp's <c>ToDouble()</c>, whose Scalar is left to the finalizer as well).</summary>
    public static double ToDouble(Tensor value)
    {
        using var scalar = value.ToScalar();
        return scalar.ToDouble();
    }

    /// <summary>The result of <paramref name="operation"/> on <paramref name="scalar"/>, which is disposed once the operation has returned.</summary>
    static Tensor Owning(Scalar scalar, Func<Scalar, Tensor> operation)
    {
        using (scalar) return operation(scalar);
    }

    /// <summary>The result of <paramref name="operation"/> on a value and its alpha, both disposed once the operation has returned.</summary>
    static Tensor Owning(Scalar value, Scalar alpha, Func<Scalar, Scalar, Tensor> operation)
    {
        using (value)
        using (alpha)
            return operation(value, alpha);
    }
}
