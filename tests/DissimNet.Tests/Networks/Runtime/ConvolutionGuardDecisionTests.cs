using DissimNet.Networks.Runtime;

namespace DissimNet.Tests.Networks.Runtime;

/// <summary>The guard's choice when the self-check passes or fails, with the check and the oneDNN switch stubbed.</summary>
public class ConvolutionGuardDecisionTests
{
    static readonly ConvolutionCase Shape = new(6, 5, 3, 1, 1, 4);
    static IReadOnlyList<ConvolutionCheckResult> Good() => [new(Shape, "forward", 2e-7)];
    static IReadOnlyList<ConvolutionCheckResult> Bad() => [new(Shape, "input gradient", double.NaN)];

    [Fact]
    public void PassingFastPathIsKept()
    {
        var switches = new List<bool>();
        var status = ConvolutionGuard.Decide([ConvolutionPath.OneDnn, ConvolutionPath.Reference], "normal", false, null, Good, on => { switches.Add(on); return true; });
        Assert.Equal(ConvolutionPath.OneDnn, status.Path);
        Assert.Empty(switches);
        Assert.Equal(2e-7, status.WorstRelativeError);
    }

    [Fact]
    public void FailingPathFallsBackToReferenceKernels()
    {
        var switches = new List<bool>();
        int calls = 0;
        var status = ConvolutionGuard.Decide([ConvolutionPath.OneDnn, ConvolutionPath.Reference], "normal", false, null,
            () => ++calls == 1 ? Bad() : Good(), on => { switches.Add(on); return true; });
        Assert.Equal(ConvolutionPath.Reference, status.Path);
        Assert.Equal([false], switches);
        Assert.Contains("on the onednn path float32 convolution 6->5 k3 s1 p1 4x4 (input gradient)", status.Reason);
    }

    [Fact]
    public void FlaggedCpuTriesReferenceKernelsThenSse41()
    {
        // The order on a CPU whose cache description is empty: reference kernels first (faster), oneDNN at SSE4.1 second.
        var switches = new List<bool>();
        int calls = 0;
        var status = ConvolutionGuard.Decide([ConvolutionPath.Reference, ConvolutionPath.OneDnnSse41], "cpuid", false, null,
            () => ++calls == 1 ? Bad() : Good(), on => { switches.Add(on); return true; });
        Assert.Equal(ConvolutionPath.OneDnnSse41, status.Path);
        Assert.Equal([false, true], switches);
        Assert.Contains("on the reference path", status.Reason);
    }

    [Fact]
    public void ForcedFailingPathIsAnError()
    {
        var e = Assert.Throws<DissimNetException>(() =>
            ConvolutionGuard.Decide([ConvolutionPath.OneDnn], "forced", true, null, Bad, _ => true));
        Assert.Contains("DISSIMNET_CONV forces", e.Message);
    }

    [Fact]
    public void NoCorrectPathIsAnError()
    {
        var e = Assert.Throws<DissimNetException>(() =>
            ConvolutionGuard.Decide([ConvolutionPath.Reference, ConvolutionPath.OneDnnSse41], "cpuid", false, null, Bad, _ => true));
        Assert.Contains("no correct convolution path", e.Message);
        Assert.Contains("on the reference path", e.Message);
        Assert.Contains("on the onednn-sse41 path", e.Message);
    }

    [Fact]
    public void ForcedReferenceSwitchesOneDnnOff()
    {
        var switches = new List<bool>();
        var status = ConvolutionGuard.Decide([ConvolutionPath.Reference], "forced", true, null, Good, on => { switches.Add(on); return true; });
        Assert.Equal(ConvolutionPath.Reference, status.Path);
        Assert.Equal([false], switches);
        Assert.True(status.Forced);
    }

    [Fact]
    public void UnreachableSwitchSkipsTheReferencePathButKeepsOneDnn()
    {
        // Where the C++ switch cannot be found (another platform), oneDNN still runs as libtorch started it.
        var status = ConvolutionGuard.Decide([ConvolutionPath.Reference, ConvolutionPath.OneDnnSse41], "cpuid", false, null, Good, _ => false);
        Assert.Equal(ConvolutionPath.OneDnnSse41, status.Path);
        Assert.Contains("the reference path cannot be switched on here", status.Reason);
    }

    [Theory]
    [InlineData("auto", null)]
    [InlineData("", null)]
    [InlineData("onednn", ConvolutionPath.OneDnn)]
    [InlineData("ONEDNN-SSE41", ConvolutionPath.OneDnnSse41)]
    [InlineData("reference", ConvolutionPath.Reference)]
    public void VariableValuesParse(string value, ConvolutionPath? expected) =>
        Assert.Equal(expected, ConvolutionPathNames.Parse(value));

    [Fact]
    public void UnknownVariableValueIsAnError() =>
        Assert.Contains("expected auto, onednn, onednn-sse41 or reference",
            Assert.Throws<DissimNetException>(() => ConvolutionPathNames.Parse("fast")).Message);
}
