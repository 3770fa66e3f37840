using DissimNet.IO;
using DissimNet.Networks;
using DissimNet.Networks.Export;
using DissimNet.Networks.Models;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using Tensor = TorchSharp.torch.Tensor;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks.Export;

/// <summary>ONNX Runtime on an exported network gives DissimNet's features for real images (the 92 stimuli).</summary>
public class OnnxExportOracleTests
{
    /// <summary>Three of the 92 stimuli (175 x 175 RGB) as N x H x W x 3.</summary>
    internal static Tensor ThreeStimuli()
    {
        var all = DataSpec.LoadArray(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
        return cat([ImageTensors.FromArray(all, 12, 1), ImageTensors.FromArray(all, 30, 1), ImageTensors.FromArray(all, 70, 1)], 0);
    }

    /// <summary>The exported model's output for the images, resized as DissimNet resizes them (the documented input).</summary>
    internal static float[] RunExported(byte[] model, Tensor images, int size)
    {
        using var session = new InferenceSession(model);
        using var resized = ImagePreprocessing.ResizeAndCenterCrop(ImagePreprocessing.ToNchwFloat(images), size);
        var input = new DenseTensor(resized.contiguous().data<float>().ToArray(), [(int)images.shape[0], 3, size, size]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(NetworkOnnxExport.InputName, input)]);
        return results[0].AsTensor<float>().ToArray();
    }

    static float[] Features(ITappableNetwork network, Tensor images, string layer)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return network.Forward(network.Preprocess(images), [layer])[layer].contiguous().data<float>().ToArray();
    }

    [Fact]
    public void EmbeddedResNet18WithChangedWeightsMatchesOnnxRuntime()
    {
        using var images = ThreeStimuli();
        using var network = EmbeddedResNet18.Load();
        string[] layers = ["stage2.block1", "pool"]; // inside the trunk (a cut through a residual stage) and its output
        var pretrained = layers.Select(l => Features(network, images, l)).ToArray();
        // Stand-in for training: every weight moves, so an export that kept the shipped weights would fail.
        using (no_grad())
            foreach (var (name, p) in network.Module.named_parameters())
                p.mul_(1 + 0.05 * Math.Sin(name.Length));
        for (int l = 0; l < layers.Length; l++)
        {
            var trained = Features(network, images, layers[l]);
            var exported = RunExported(NetworkOnnxExport.Build(network, layers[l], 224).ToByteArray(), images, 224);
            EmbeddedResNet18OracleTests.AssertClose(exported, trained, layers[l], 1e-4);
            Assert.True(MaxRelativeDifference(pretrained[l], trained) > 1e-2, "the changed weights should change the features");
        }
    }

    [Fact]
    public void AnyImportedOnnxNetworkMatchesOnnxRuntimeWithTorchVisionNormalisation()
    {
        // --model file.onnx: the graph as imported, TorchVision's normalisation in front (not the embedded mean image).
        using var images = ThreeStimuli();
        using var network = NetworkZoo.Create(EmbeddedResNet18.TrunkPath, inputSize: 224);
        const string layer = "ReLU315_Output_0";
        var expected = Features(network, images, layer);
        var exported = RunExported(NetworkOnnxExport.Build(network, layer, 224).ToByteArray(), images, 224);
        EmbeddedResNet18OracleTests.AssertClose(exported, expected, layer, 1e-4);
    }

    [Theory]
    [InlineData("layer2.0.bn1")]
    [InlineData("layer4")]
    [InlineData("fc")]
    public void TorchVisionResNet18MatchesOnnxRuntime(string layer)
    {
        random.manual_seed(5);
        using var images = ThreeStimuli();
        using var network = NetworkZoo.Create("resnet18", inputSize: 64);
        // Random running statistics, so batch norm is not the identity.
        using (no_grad())
            foreach (var (name, b) in network.Module.named_buffers())
                if (name.EndsWith("running_mean")) b.copy_(randn_like(b) * 0.1);
                else if (name.EndsWith("running_var")) b.copy_(rand_like(b) + 0.5);
        var expected = Features(network, images, layer);
        var exported = RunExported(NetworkOnnxExport.Build(network, layer, 64).ToByteArray(), images, 64);
        EmbeddedResNet18OracleTests.AssertClose(exported, expected, layer, 1e-4);
    }

    [Theory]
    [InlineData("alexnet", 63, "fc6")]    // a 1 x 1 map spread to 6 x 6 by the adaptive pool
    [InlineData("alexnet", 255, "fc7")]   // 7 x 7 averaged to 6 x 6 in overlapping windows
    public void TorchVisionClassifierNetsMatchOnnxRuntime(string architecture, int size, string layer)
    {
        random.manual_seed(7);
        using var images = ThreeStimuli();
        using var network = NetworkZoo.Create(architecture, inputSize: size);
        var expected = Features(network, images, layer);
        var exported = RunExported(NetworkOnnxExport.Build(network, layer, size).ToByteArray(), images, size);
        EmbeddedResNet18OracleTests.AssertClose(exported, expected, layer, 1e-4);
    }

    static double MaxRelativeDifference(float[] a, float[] b)
    {
        double scale = a.Max(v => Math.Abs((double)v));
        return a.Zip(b, (x, y) => Math.Abs(x - (double)y)).Max() / scale;
    }
}
