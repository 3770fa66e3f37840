using TorchSharp;

namespace DissimNet.Networks.Runtime;

/// <summary>How many CPU threads libtorch runs a network on.</summary>
/// <remarks>The count is libtorch's own, process-wide: setting it for one network sets it for every network of the process.</remarks>
internal static class TorchThreads
{
    /// <summary>Uses <paramref name="threads"/> threads inside each operation (null: OMP_NUM_THREADS of <paramref name="environment"/>
    /// (default: <see cref="RuntimeEnvironment.Process"/>) when set, else one per core); returns the count in force.</summary>
    /// <remarks>Only the intra-op count is set: it is what convolutions and matrix products use. The inter-op pool serves only
    /// asynchronous forks (TorchScript), which eager execution never makes, and libtorch aborts the whole process, uncatchably,
    /// when its size is set a second time or after the pool has started.</remarks>
    /// <exception cref="SettingException">When <paramref name="threads"/> is below 1 or above <see cref="MaxThreads"/>.</exception>
    public static int Use(int? threads, RuntimeEnvironment? environment = null)
    {
        torch.set_num_threads(Count(threads, environment ?? RuntimeEnvironment.Process));
        return torch.get_num_threads();
    }

    /// <summary>The count <see cref="Use"/> would set, without touching libtorch.</summary>
    /// <exception cref="SettingException">When <paramref name="threads"/> is below 1 or above <see cref="MaxThreads"/>.</exception>
    public static int Count(int? threads, RuntimeEnvironment environment)
    {
        if (threads is < 1) throw new SettingException($"the number of threads must be at least 1, got {threads}", "Threads");
        if (threads > MaxThreads)
            throw new SettingException($"the number of threads must be at most {MaxThreads} (4 per core, {Environment.ProcessorCount} cores here), got {threads}", "Threads");
        // Processes started side by side (crossval --jobs, sweep --local, Slurm tasks) get their share of the cores this way.
        return threads ?? Math.Min(FromEnvironment(environment) ?? Environment.ProcessorCount, MaxThreads);
    }

    /// <summary>The most threads a network runs on: 4 per core. More only adds scheduling cost, and a mistyped count (e.g.
    /// 100000) would start that many OpenMP threads and stall the machine.</summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>A note when OMP_NUM_THREADS of <paramref name="environment"/> (default: <see cref="RuntimeEnvironment.Process"/>)
    /// asks for more than <see cref="MaxThreads"/> (it is then capped), else null.</summary>
    public static string? EnvironmentCapNote(RuntimeEnvironment? environment = null) =>
        FromEnvironment(environment ?? RuntimeEnvironment.Process) is int n && n > MaxThreads
            ? $"{RuntimeEnvironment.ThreadsVariable}={n} is more than {MaxThreads} (4 per core); using {MaxThreads} threads" : null;

    /// <summary>OMP_NUM_THREADS as a positive count, or null when unset or not one.</summary>
    static int? FromEnvironment(RuntimeEnvironment environment) =>
        int.TryParse(environment.Threads, out int n) && n > 0 ? n : null;
}
