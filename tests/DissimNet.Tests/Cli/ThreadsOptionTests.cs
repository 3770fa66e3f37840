using DissimNet.Networks.Runtime;
using TorchSharp;

namespace DissimNet.Tests.Cli;

/// <summary><c>--threads</c> sets libtorch's thread count for every command that runs a network, and refuses nonsense in one line.</summary>
// libtorch's thread count is process-wide: --threads 1 here must not race other tests' networks (or their thread checks).
[Collection("Process-wide torch state")]
public class ThreadsOptionTests
{
    [Fact]
    public void EveryNetworkCommandAcceptsThreadsAndTheCountIsInForceAfterwards()
    {
        int before = torch.get_num_threads();
        try
        {
            var (code, _, stderr) = CliHarness.Run("layers", "--model", "resnet18-imagenet", "--threads", "1");
            Assert.True(code == 0, stderr);
            Assert.Equal(1, torch.get_num_threads());
            foreach (var command in new[] { "rdm", "predict", "train", "demo", "layers" })
            {
                var (_, help, _) = CliHarness.Run(command, "--help");
                Assert.Contains("--threads", help);
            }
        }
        finally
        {
            TorchThreads.Use(before);
        }
    }

    [Fact]
    public void ZeroThreadsIsAOneLineUsageError()
    {
        var (code, _, stderr) = CliHarness.Run("layers", "--model", "resnet18-imagenet", "--threads", "0");
        Assert.Equal(2, code);
        Assert.Contains("--threads", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
