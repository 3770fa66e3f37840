using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Runtime;
using TorchSharp;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>Training and RDMs follow the network's device: nothing in the library creates a tensor on torch's default device.</summary>
/// <remarks>A CPU-only machine has one real device, so the check makes the default device another one: with torch's default
/// device set to <c>meta</c> (tensors without storage), any tensor the library created without naming a device would land on
/// meta and meet the network's CPU tensors in an operation, which torch refuses; and reading a number from it would fail.
/// The default is process-wide, hence a collection that runs alone.</remarks>
[Collection("Process-wide torch state")]
public sealed class DevicePlacementTests() : TempFolderTests("device")
{
    [Fact]
    public void TrainerKeepsEveryTensorOnTheNetworksDeviceWhenTheDefaultDeviceIsElsewhere()
    {
        var device = ComputeDevice.Resolve("cpu");
        ConvolutionGuard.EnsureVerified();
        using var net = new TinyConvNet(seed: 21);
        net.Module.to(device);
        var data = TrainingFixtures.TwoSets();
        var settings = new TrainingSettings { TrainLayer = "conv3", Epochs = 1, Freeze = "upto:conv1", BatchSize = 6, LearningRate = 0.05, Seed = 3 };
        TrainingSummary summary;
        set_default_device(META);
        try
        {
            summary = new SiameseTrainer(net, settings, new RsaScorer()).Run(data, Path.Combine(TempRoot, "run"));
        }
        finally
        {
            set_default_device(CPU);
        }
        TrainingAssert.AllFinite(summary);
        Assert.Equal("cpu", summary.Device);
        Assert.Equal("relu1", summary.CachedPrefix); // the cached activations were used (and so were on the device)
        foreach (var (name, p) in net.Module.named_parameters()) Assert.True(ComputeDevice.Same(p.device, device), name);
        foreach (var (name, b) in net.Module.named_buffers()) Assert.True(ComputeDevice.Same(b.device, device), name);
    }

    [Fact]
    public void MetaDefaultDeviceReallyBreaksADevicelessTensor()
    {
        // The check above can fail: an index tensor made without a device, as BatchLoss once made it, is refused.
        using var features = randn(4, 3);
        set_default_device(META);
        try
        {
            using var index = tensor(new long[] { 0, 2 });
            Assert.ThrowsAny<Exception>(() => features.index_select(0, index).sum().item<float>());
        }
        finally
        {
            set_default_device(CPU);
        }
    }

    [Fact]
    public void EmbeddedNetworkRdmsFollowTheDevice()
    {
        // The imported graph (its Constant values and the separate preprocessing graph too) under a meta default device.
        var all = DataSpec.LoadArray(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
        var images = new NdArray([3, 175, 175, 3], all.Data is byte[] bytes ? bytes[..(3 * 175 * 175 * 3)] : throw new InvalidOperationException("uint8 images expected"), ElementType.UInt8);
        using var network = NetworkZoo.Create(EmbeddedResNet18.Name, runtime: RuntimeContext.FromEnvironment());
        var expected = NetworkRdms.Compute(network, images, ["stage1"])[0].Rdm.Vector.ToArray();
        set_default_device(META);
        double[] actual;
        try
        {
            actual = NetworkRdms.Compute(network, images, ["stage1"])[0].Rdm.Vector.ToArray();
        }
        finally
        {
            set_default_device(CPU);
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ImportedGraphReadsTheTensorsItsModuleMovedTo()
    {
        // to(...) replaces a module's parameters; the graph's own lookup must follow, or it would keep reading the old ones.
        // A dtype move stands in for a device move here (the same TorchSharp path), and is checkable on the CPU.
        var all = DataSpec.LoadArray(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
        using var network = EmbeddedResNet18.Load();
        using var noGrad = no_grad();
        using var input = network.Preprocess(ImageTensors.FromArray(all, 0, 2));
        using var single = network.Forward(input, ["stage1"])["stage1"];
        network.Module.to(ScalarType.Float64);
        using var wide = input.to(ScalarType.Float64);
        using var dbl = network.Forward(wide, ["stage1"])["stage1"];
        Assert.Equal(ScalarType.Float64, dbl.dtype);
        Assert.True(allclose(dbl, single.to(ScalarType.Float64), 1e-4, 1e-4));
    }
}
