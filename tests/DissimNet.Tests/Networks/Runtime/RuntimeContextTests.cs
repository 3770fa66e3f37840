using DissimNet.IO;
using DissimNet.Networks.Runtime;

namespace DissimNet.Tests.Networks.Runtime;

/// <summary>A runtime context and the convolution plan are made from an environment snapshot, never from the process environment directly.</summary>
public class RuntimeContextTests
{
    static RuntimeEnvironment With(params (string Name, string Value)[] variables) =>
        RuntimeEnvironment.FromVariables(variables.ToDictionary(v => v.Name, v => v.Value));

    static readonly CpuCacheReport Described = new("GenuineIntel", "leaf 4", [], true, "CPUID leaf 4 describes L1d 48 KiB");
    static readonly CpuCacheReport Empty = new("AuthenticAMD", "leaf 0x8000001d", [], false, "CPUID leaf 0x8000001d describes no data cache");

    [Fact]
    public void TheContextReadsItsSnapshot()
    {
        var runtime = RuntimeContext.FromEnvironment(With((RuntimeEnvironment.MaxArrayBytesVariable, "8M"), (RuntimeEnvironment.ConvolutionPathVariable, "onednn-sse41")));
        Assert.Equal(8L << 20, runtime.MaxArrayBytes);
        Assert.Equal(ConvolutionPath.OneDnnSse41, runtime.RequestedConvolutionPath);
        Assert.Null(runtime.Threads);
        Assert.Equal("cpu", ComputeDevice.Describe(runtime.Device));
        Assert.Null(RuntimeContext.FromEnvironment(With()).RequestedConvolutionPath);

        var e = Assert.Throws<DissimNetException>(() => RuntimeContext.FromEnvironment(With((RuntimeEnvironment.ConvolutionPathVariable, "fast"))));
        Assert.Contains("DISSIMNET_CONV='fast'", e.Message);
        e = Assert.Throws<DissimNetException>(() => RuntimeContext.FromEnvironment(With((RuntimeEnvironment.MaxArrayBytesVariable, "lots"))));
        Assert.Contains("DISSIMNET_MAX_ARRAY_BYTES='lots'", e.Message);
    }

    [Fact]
    public void ReadLimitsHoldWithinTheirScopeOnly()
    {
        long outside = ReadLimits.MaxArrayBytes;
        var runtime = RuntimeContext.FromEnvironment(With((RuntimeEnvironment.MaxArrayBytesVariable, "1K")));
        using (runtime.UseReadLimits())
        {
            Assert.Equal(1024, ReadLimits.MaxArrayBytes);
            var e = Assert.Throws<DissimNetException>(() => ReadLimits.Check(1025, "a.npy", "the array"));
            Assert.Contains("limit of 1024 bytes", e.Message);
            ReadLimits.Check(1024, "a.npy", "the array");
            using (ReadLimits.Use(With((RuntimeEnvironment.MaxArrayBytesVariable, "bad"))))
                Assert.Throws<DissimNetException>(() => ReadLimits.Check(1, "a.npy", "the array")); // a bad value is reported by the check
            Assert.Equal(1024, ReadLimits.MaxArrayBytes); // the inner scope is gone
            // Another flow (a test running beside this one) does not see the scope.
            Assert.Equal(outside, LimitOnAThreadOfItsOwn());
        }
        Assert.Equal(outside, ReadLimits.MaxArrayBytes);
    }

    /// <summary>The limit seen by a thread started without this flow's context.</summary>
    static long LimitOnAThreadOfItsOwn()
    {
        long limit = 0;
        using (ExecutionContext.SuppressFlow())
        {
            var thread = new Thread(() => limit = ReadLimits.MaxArrayBytes);
            thread.Start();
            thread.Join();
        }
        return limit;
    }

    [Fact]
    public void ThePlanFollowsTheSnapshotAndTheCpu()
    {
        var plan = ConvolutionGuard.Plan(With(), Described);
        Assert.Equal([ConvolutionPath.OneDnn, ConvolutionPath.Reference], plan.Candidates);
        Assert.False(plan.Forced || plan.LimitsOneDnnIsa);

        plan = ConvolutionGuard.Plan(With((RuntimeEnvironment.ConvolutionPathVariable, "onednn-sse41")), Described);
        Assert.Equal([ConvolutionPath.OneDnnSse41], plan.Candidates);
        Assert.True(plan.Forced && plan.LimitsOneDnnIsa); // forced SSE4.1 needs oneDNN limited before its first kernel
        Assert.Equal("DISSIMNET_CONV=onednn-sse41", plan.Reason);

        plan = ConvolutionGuard.Plan(With(), Empty);
        Assert.Equal([ConvolutionPath.Reference, ConvolutionPath.OneDnnSse41], plan.Candidates);
        Assert.True(plan.LimitsOneDnnIsa);
        Assert.StartsWith(Empty.Detail, plan.Reason);

        // The user's own ONEDNN_MAX_CPU_ISA is kept: DissimNet does not limit oneDNN, and says whose limit is in force.
        plan = ConvolutionGuard.Plan(With((RuntimeEnvironment.OneDnnIsaVariable, "AVX2")), Empty);
        Assert.Equal([ConvolutionPath.Reference, ConvolutionPath.OneDnn], plan.Candidates);
        Assert.False(plan.LimitsOneDnnIsa);
        Assert.EndsWith("ONEDNN_MAX_CPU_ISA=AVX2 as set by the user", plan.Reason);

        Assert.Equal("not an x86 CPU", ConvolutionGuard.Plan(With(), null).Reason);
        Assert.Throws<DissimNetException>(() => ConvolutionGuard.Plan(With((RuntimeEnvironment.ConvolutionPathVariable, "fast")), Described));
    }

    [Fact]
    public void AContextAskingForAnotherPathThanTheProcessRunsIsRefused()
    {
        var inUse = ConvolutionGuard.EnsureVerified().Path;
        var other = inUse == ConvolutionPath.Reference ? "onednn" : "reference";
        var runtime = RuntimeContext.FromEnvironment(With((RuntimeEnvironment.ConvolutionPathVariable, other)));
        var e = Assert.Throws<DissimNetException>(() => ConvolutionGuard.EnsureVerified(runtime));
        Assert.Contains($"already runs convolutions on the {inUse.Name()} path", e.Message);
        Assert.Equal(inUse, ConvolutionGuard.EnsureVerified(RuntimeContext.FromEnvironment(With((RuntimeEnvironment.ConvolutionPathVariable, inUse.Name())))).Path);
    }
}
