using TorchSharp;

namespace DissimNet.Networks.Runtime;

/// <summary>What the deep-learning runtime is on this machine: libtorch version, threads and the convolution path.</summary>
internal static class TorchRuntimeInfo
{
    /// <summary>Name and value pairs for <c>dissimnet --version</c>; runs the convolution self-check if it has not run yet.</summary>
    public static IReadOnlyList<(string Name, string Value)> Describe()
    {
        string path;
        CpuCacheReport? cpu;
        try
        {
            var status = ConvolutionGuard.EnsureVerified();
            (path, cpu) = (status.Describe(), status.Cpu);
        }
        catch (DissimNetException e) { (path, cpu) = ($"none: {e.Message}", CpuCacheProbe.ProbeThisMachine()); }
        return
        [
            ("libtorch", $"{torch.__version__} (TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}), CPU"),
            ("threads", $"{torch.get_num_threads()} of {Environment.ProcessorCount} cores"),
            ("cpu", cpu is null ? "not x86" : $"{cpu.Vendor}, {cpu.Detail}"),
            ("convolutions", path),
            ("devices", ComputeDevice.Availability()),
        ];
    }
}
