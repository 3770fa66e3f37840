using DissimNet.Networks.Runtime;

namespace DissimNet.Tests.Networks.Runtime;

/// <summary>Thread counts: an explicit count, else OMP_NUM_THREADS (how side-by-side processes get their share), else every core.</summary>
[Collection("Process-wide torch state")]
public class TorchThreadsTests
{
    [Fact]
    public void TheDefaultFollowsOmpNumThreadsThenTheCores()
    {
        var old = Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        try
        {
            Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "1");
            Assert.Equal(1, TorchThreads.Use(null));
            Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "not a number");
            Assert.Equal(Environment.ProcessorCount, TorchThreads.Use(null));
            Environment.SetEnvironmentVariable("OMP_NUM_THREADS", null);
            Assert.Equal(Environment.ProcessorCount, TorchThreads.Use(null));
            Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "1");
            Assert.Equal(Math.Min(2, Environment.ProcessorCount), TorchThreads.Use(Math.Min(2, Environment.ProcessorCount))); // an explicit count wins
            var e = Assert.Throws<SettingException>(() => TorchThreads.Use(0));
            Assert.Contains("at least 1", e.Message);

            // A mistyped count must not start thousands of threads: an explicit one is refused, the environment's is capped.
            e = Assert.Throws<SettingException>(() => TorchThreads.Use(100_000));
            Assert.Contains($"at most {4 * Environment.ProcessorCount}", e.Message);
            Assert.Null(TorchThreads.EnvironmentCapNote());
            Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "100000");
            Assert.Equal(TorchThreads.MaxThreads, TorchThreads.Use(null));
            Assert.Contains("OMP_NUM_THREADS=100000", TorchThreads.EnvironmentCapNote());
        }
        finally
        {
            Environment.SetEnvironmentVariable("OMP_NUM_THREADS", old);
            TorchThreads.Use(null);
        }
    }
}
