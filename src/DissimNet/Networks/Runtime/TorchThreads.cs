using TorchSharp;

namespace DissimNet.Networks.Runtime;

/// <summary>How many CPU threads libtorch runs a network on.</summary>
public static class TorchThreads
{
    /// <summary>Uses <paramref name="threads"/> threads inside each operation (null: one per core) and as many between operations; returns the count in force.</summary>
    public static int Use(int? threads)
    {
        int count = threads ?? Environment.ProcessorCount;
        if (count < 1) throw new SettingException($"the number of threads must be at least 1, got {count}", "Threads");
        torch.set_num_threads(count);
        try
        {
            torch.set_num_interop_threads(count);
        }
        catch (Exception)
        {
            // libtorch accepts the inter-op count only once and before its first parallel work; the intra-op count,
            // which convolutions and matrix products use, is the one that matters here.
        }
        return torch.get_num_threads();
    }
}
