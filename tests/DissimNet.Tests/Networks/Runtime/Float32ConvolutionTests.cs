using DissimNet.Networks.Runtime;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks.Runtime;

/// <summary>Float32 convolutions, forward and backward, equal float64 on this machine: the condition every network result rests on.</summary>
/// <remarks>On an AMD Zen 5 virtual machine libtorch 2.10's oneDNN got these wrong (errors of order 1, NaN) for channel
/// counts that are not multiples of 16. The library's guard must have chosen a correct path before this runs.</remarks>
public class Float32ConvolutionTests
{
    // Shapes beyond the guard's own list, so this is not the guard checking itself.
    public static TheoryData<int, int, int, int, int, int> Shapes => new()
    {
        { 3, 4, 3, 1, 1, 8 }, { 5, 7, 1, 1, 0, 6 }, { 13, 33, 3, 2, 1, 11 }, { 17, 24, 5, 1, 2, 9 },
        { 24, 40, 3, 1, 1, 7 }, { 40, 17, 7, 2, 3, 15 }, { 33, 65, 3, 1, 0, 10 }, { 64, 128, 3, 2, 1, 12 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32ConvolutionEqualsFloat64(int inChannels, int outChannels, int kernel, int stride, int padding, int side)
    {
        var status = ConvolutionGuard.EnsureVerified();
        var result = ConvolutionSelfCheck.Check(new ConvolutionCase(inChannels, outChannels, kernel, stride, padding, side), seed: 7);
        Assert.True(result.Passed,
            $"{result.Case}: float32 {result.Quantity} differs from float64 by {result.RelativeError:0.0e+0} relative "
            + $"(tolerance {ConvolutionSelfCheck.Tolerance:0e+0}) on convolution path {status.Describe()}; CPU: {status.Cpu?.Detail}");
    }

    [Fact]
    public void TheGuardLeavesNoThirdKernelSetOn()
    {
        // Convolutions run on oneDNN or libtorch's own kernels, the two paths the self-check vouches for; never on NNPACK.
        ConvolutionGuard.EnsureVerified();
        Assert.False(NativeSwitches.NnpackEnabled);
    }

    [Fact]
    public void SelfCheckCatchesAWrongResult()
    {
        // The comparison itself must be able to fail: NaN and an error of 1e-3 both exceed the tolerance.
        var c = new ConvolutionCase(3, 4, 3, 1, 1, 8);
        Assert.False(new ConvolutionCheckResult(c, "forward", double.NaN).Passed);
        Assert.False(new ConvolutionCheckResult(c, "forward", 1e-3).Passed);
        Assert.True(new ConvolutionCheckResult(c, "forward", 1e-6).Passed);
    }
}

/// <summary>Turns oneDNN off for the whole process, so it runs alone: a test running beside it would get other kernels' rounding.</summary>
[CollectionDefinition("Process-wide torch state", DisableParallelization = true)]
public sealed class ProcessWideTorchState;

/// <summary>The fallback the guard takes on a faulty CPU, tried on this one.</summary>
[Collection("Process-wide torch state")]
public class ReferenceKernelTests
{
    [Fact]
    public void ReferenceKernelsCanBeSwitchedOnAndAreCorrect()
    {
        // The fallback the guard takes on a faulty CPU: oneDNN off in the running process, and convolutions still right.
        ConvolutionGuard.EnsureVerified();
        bool? before = NativeSwitches.OneDnnEnabled;
        Assert.NotNull(before);
        try
        {
            Assert.True(NativeSwitches.TrySetOneDnnEnabled(false));
            Assert.False(NativeSwitches.OneDnnEnabled);
            var results = ConvolutionSelfCheck.Run([new(6, 5, 3, 1, 1, 6), new(17, 24, 3, 2, 1, 9)]);
            Assert.All(results, r => Assert.True(r.Passed, $"{r.Case}: {r.Quantity} error {r.RelativeError} with oneDNN off"));
        }
        finally
        {
            NativeSwitches.TrySetOneDnnEnabled(before!.Value);
        }
    }
}
