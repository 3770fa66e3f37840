using DissimNet.Networks.Runtime;

namespace DissimNet.Tests.Networks.Runtime;

/// <summary>Thread counts: an explicit count, else OMP_NUM_THREADS (how side-by-side processes get their share), else every core.</summary>
[Collection("Process-wide torch state")]
public class TorchThreadsTests
{
    static RuntimeEnvironment Omp(string? value) =>
        RuntimeEnvironment.FromVariables(value is null ? new Dictionary<string, string>() : new() { [RuntimeEnvironment.ThreadsVariable] = value });

    [Fact]
    public void TheDefaultFollowsOmpNumThreadsThenTheCores()
    {
        try
        {
            Assert.Equal(1, TorchThreads.Use(null, Omp("1")));
            Assert.Equal(Environment.ProcessorCount, TorchThreads.Use(null, Omp("not a number")));
            Assert.Equal(Environment.ProcessorCount, TorchThreads.Use(null, Omp(null)));
            Assert.Equal(Math.Min(2, Environment.ProcessorCount), TorchThreads.Use(Math.Min(2, Environment.ProcessorCount), Omp("1"))); // an explicit count wins
            var e = Assert.Throws<SettingException>(() => TorchThreads.Use(0));
            Assert.Contains("at least 1", e.Message);

            // A mistyped count must not start thousands of threads: an explicit one is refused, the environment's is capped.
            e = Assert.Throws<SettingException>(() => TorchThreads.Use(100_000));
            Assert.Contains($"at most {4 * Environment.ProcessorCount}", e.Message);
            Assert.Null(TorchThreads.EnvironmentCapNote(Omp("1")));
            Assert.Equal(TorchThreads.MaxThreads, TorchThreads.Use(null, Omp("100000")));
            Assert.Contains("OMP_NUM_THREADS=100000", TorchThreads.EnvironmentCapNote(Omp("100000")));
        }
        finally
        {
            TorchThreads.Use(null);
        }
    }

    [Fact]
    public void AContextChecksItsThreadsWhenMadeAndSetsThemWhenUsed()
    {
        Assert.Throws<SettingException>(() => RuntimeContext.FromEnvironment(Omp(null), threads: 0));
        var runtime = RuntimeContext.FromEnvironment(Omp("100000"));
        Assert.Contains("OMP_NUM_THREADS=100000", runtime.ThreadsNote());
        Assert.Null((runtime with { Threads = 1 }).ThreadsNote()); // an explicit count is not the environment's
        try
        {
            Assert.Equal(1, (runtime with { Threads = 1 }).UseThreads());
        }
        finally
        {
            TorchThreads.Use(null);
        }
    }
}
