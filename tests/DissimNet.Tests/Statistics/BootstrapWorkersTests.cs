using DissimNet.Statistics;

namespace DissimNet.Tests.Statistics;

/// <summary>The bound on a bootstrap's parallel workers: one a core for small RDMs, as many as 1 GiB of work space allows for large ones.</summary>
public class BootstrapWorkersTests
{
    [Theory]
    [InlineData(4_186, 64, 64)]            // 92 conditions: 200 kB a worker, every core
    [InlineData(4_186, 2, 2)]
    [InlineData(7_998_000, 64, 2)]         // 4,000 conditions: 2^30 / (48 x 7,998,000) = 2.8
    [InlineData(7_998_000, 1, 1)]
    [InlineData(49_995_000, 64, 1)]        // 10,000 conditions: 2.4 GB a worker, still one
    [InlineData(199_990_000, 2, 1)]
    [InlineData(10, 0, 1)]                 // a machine reporting no cores still runs one
    public void WorkersAreTheCoresUpToTheMemoryBudget(long pairs, int cores, int expected) =>
        Assert.Equal(expected, BootstrapWorkers.Count(pairs, BootstrapWorkers.WeightedBytesPerPair, cores));

    [Fact]
    public void TheWorkersWorkSpaceStaysWithinTheBudgetWheneverMoreThanOneRuns()
    {
        foreach (long pairs in new long[] { 1, 1_000, 123_457, 4_950_000, 11_184_810, 11_184_811, 22_369_621 })
        {
            int workers = BootstrapWorkers.Count(pairs, BootstrapWorkers.WeightedBytesPerPair, 1024);
            Assert.InRange(workers, 1, 1024);
            if (workers > 1) Assert.True(workers * BootstrapWorkers.WeightedBytesPerPair * pairs <= BootstrapWorkers.BudgetBytes);
        }
    }
}
