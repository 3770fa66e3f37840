using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Models;
using DissimNet.Rdms;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks;

/// <summary>The condensed, block-wise layer RDM written to .npy equals the in-memory layer RDM, rounded to float32.</summary>
public class CondensedLayerRdmTests() : TempFolderTests("condensed-rdm")
{
    [Theory]
    [InlineData("layer3", DistanceMetric.Correlation)]
    [InlineData("fc", DistanceMetric.Euclidean)]
    public void EqualsTheLayerRdmOfNetworkRdms(string layer, DistanceMetric metric)
    {
        random.manual_seed(5);
        using var network = NetworkZoo.TorchVision("resnet18", new ResNet18(numClasses: 5, widthDivisor: 16), m => m.Stages(), ResNet18.Aliases, 48);
        var rng = new Random(3);
        var pixels = new byte[7 * 40 * 40 * 3];
        rng.NextBytes(pixels);
        var images = new NdArray([7, 40, 40, 3], pixels, ElementType.UInt8);
        var expected = NetworkRdms.Compute(network, images, [layer], metric, batchSize: 3)[0];
        Directory.CreateDirectory(TempRoot);
        string path = Path.Combine(TempRoot, "rdm.npy");
        int features = CondensedLayerRdm.Write(network, images, layer, path, metric, batchSize: 2);
        Assert.Equal(expected.FeatureCount, features);
        var written = Npy.Read(path);
        Assert.Equal(ElementType.Single, written.Type);
        Assert.Equal([SquareForm.PairCount(7)], written.Shape);
        Assert.Equal(expected.Rdm.Vector.Select(v => (float)v), (float[])written.Data);
    }
}
