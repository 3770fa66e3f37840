using TorchSharp;

namespace DissimNet.Networks.Runtime;

/// <summary>How many CPU threads libtorch runs a network on.</summary>
public static class TorchThreads
{
    /// <summary>Uses <paramref name="threads"/> threads inside each operation (null: OMP_NUM_THREADS when set, else one per core);
    /// returns the count in force.</summary>
    /// <remarks>Only the intra-op count is set: it is what convolutions and matrix products use. The inter-op pool serves only
    /// asynchronous forks (TorchScript), which eager execution never makes, and libtorch aborts the whole process, uncatchably,
    /// when its size is set a second time or after the pool has started.</remarks>
    public static int Use(int? threads)
    {
        // Processes started side by side (crossval --jobs, sweep --local, Slurm tasks) get their share of the cores this way.
        int count = threads ?? FromEnvironment() ?? Environment.ProcessorCount;
        if (count < 1) throw new SettingException($"the number of threads must be at least 1, got {count}", "Threads");
        torch.set_num_threads(count);
        return torch.get_num_threads();
    }

    /// <summary>OMP_NUM_THREADS as a positive count, or null when unset or not one.</summary>
    static int? FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("OMP_NUM_THREADS"), out int n) && n > 0 ? n : null;
}
