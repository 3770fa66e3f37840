using DissimNet.Images;
using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Models;
using DissimNet.Rdms;
using DissimNet.Tests.Cli;
using static TorchSharp.torch;
using DissimNet.Statistics;

namespace DissimNet.Tests.Networks;

/// <summary>Layers whose features are constant (within each image, or across images) say why they have no score.</summary>
public sealed class ConstantFeatureTests() : TempFolderTests("constant-features")
{
    static NdArray RandomImages(int count, bool identical)
    {
        var rng = new Random(2);
        int size = 40 * 40 * 3;
        var pixels = new byte[count * size];
        rng.NextBytes(pixels);
        if (identical)
            for (int i = 1; i < count; i++) Array.Copy(pixels, 0, pixels, i * size, size);
        return new NdArray([count, 40, 40, 3], pixels, ElementType.UInt8);
    }

    static RdmStack Targets(int n)
    {
        var rng = new Random(3);
        return new RdmStack(n, [3], Enumerable.Range(0, 3 * SquareForm.PairCount(n)).Select(_ => rng.NextDouble()).ToArray());
    }

    [Fact]
    public void AOneFeatureLayerIsNotedAndItsScoreSaysWhy()
    {
        random.manual_seed(5);
        // One output class: the fc layer has one feature per image, constant by definition, so its correlation distances are NaN.
        using var network = NetworkZoo.TorchVision("resnet18", new ResNet18(numClasses: 1, widthDivisor: 16), m => m.Stages(), ResNet18.Aliases, 48);
        var notes = new RecordingProgress();
        var rdms = NetworkRdms.Compute(network, RandomImages(4, identical: false), ["layer1", "fc"], progress: notes);
        Assert.Equal(["resnet18: layer 'fc': 4 of 4 images have constant features there; their correlation distances are undefined (NaN)"], notes.Notes);

        var profile = LayerProfile.Score(rdms, Targets(4));
        Assert.Null(profile.Layers[0].UndefinedReason);
        Assert.False(double.IsNaN(profile.Layers[0].Mean));
        Assert.True(double.IsNaN(profile.Layers[1].Mean));
        Assert.Equal("layer RDM is entirely NaN: the layer's features are constant within every image, so their correlation (or cosine) distances are undefined",
            profile.Layers[1].UndefinedReason);
        Assert.Equal("layer1", profile.Best.Layer);
    }

    [Fact]
    public void IdenticalImagesGiveAConstantLayerRdmAndTheTableSaysSo()
    {
        Directory.CreateDirectory(TempRoot);
        var stimuli = ImageSet.LoadArray(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
        int size = 175 * 175 * 3;
        var four = new byte[4 * size];
        for (int i = 0; i < 4; i++) Array.Copy((byte[])stimuli.Data, 0, four, i * size, size);
        string images = Path.Combine(TempRoot, "same.npy"), targets = Path.Combine(TempRoot, "targets.npy");
        Npy.Write(images, new NdArray([4, 175, 175, 3], four, ElementType.UInt8));
        var stack = Targets(4);
        Npy.Write(targets, new NdArray([3, SquareForm.PairCount(4)], stack.Vectors));

        var (exit, stdout, stderr) = CliHarness.Run("rdm", "--model", "resnet18-imagenet", "--images", images, "--layers", "stage4,pool",
            "--out", Path.Combine(TempRoot, "rdms.npz"), "--score-against", targets);
        Assert.True(exit == 0, stderr);
        Assert.Matches(@"stage4.*  n/a  \(layer RDM is constant: the layer's features are the same for every image\)", stdout);
        Assert.Matches(@"pool.*  n/a  \(layer RDM is constant: the layer's features are the same for every image\)", stdout);
        Assert.DoesNotContain("<- best", stdout);
        Assert.DoesNotContain("NaN", stdout);
    }
}
