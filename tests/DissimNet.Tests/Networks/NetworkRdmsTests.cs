using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Models;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks;

/// <summary>Layer RDMs computed in memory-bounded passes equal those of one pass.</summary>
public class NetworkRdmsTests
{
    [Fact]
    public void ALowMemoryBudgetSplitsLayersIntoPassesWithTheSameRdms()
    {
        random.manual_seed(5);
        using var network = NetworkZoo.TorchVision("resnet18", new ResNet18(numClasses: 5, widthDivisor: 16), m => m.Stages(), ResNet18.Aliases, 48);
        var rng = new Random(2);
        var pixels = new byte[5 * 40 * 40 * 3];
        rng.NextBytes(pixels);
        var images = new NdArray([5, 40, 40, 3], pixels, ElementType.UInt8);
        string[] layers = ["relu", "layer1", "layer3", "fc"];

        var onePass = NetworkRdms.Compute(network, images, layers, batchSize: 2);
        var passes = new List<string>();
        var manyPasses = NetworkRdms.Compute(network, images, layers, batchSize: 2, progress: new TaskNames(passes), memoryBudgetBytes: 1);

        Assert.Equal(4, passes.Count(p => p.Contains("pass")));   // a budget of 1 byte: one layer a pass
        Assert.Equal(layers, manyPasses.Select(r => r.Layer));
        for (int l = 0; l < layers.Length; l++)
            Assert.Equal(onePass[l].Rdm.Vector, manyPasses[l].Rdm.Vector);
    }

    [Fact]
    public void GroupsAreConsecutiveAndWithinBudget()
    {
        long[] sizes = [4, 3, 5, 9, 1, 1];
        var groups = NetworkRdms.GroupByMemory(sizes.Length, i => sizes[i], 8);
        Assert.Equal([[0, 1], [2], [3], [4, 5]], groups);
    }

    sealed class TaskNames(List<string> names) : IProgressSink
    {
        public void Begin(string task, long total) => names.Add(task);
        public void Report(long done, string? detail = null) { }
        public void End() { }
        public void Note(string message) { }
    }
}
