using DissimNet.IO;
using DissimNet.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks;

/// <summary>The imported ResNet-18 trunk and preprocessing equal ONNX Runtime's outputs.</summary>
public class EmbeddedResNet18OracleTests
{
    // Early, middle (inside a block and at a block output), last block and pooled output.
    static readonly string[] Probe =
    [
        "Convolution249_Output_0", "ReLU253_Output_0", "Pooling255_Output_0", "BatchNormalization297_Output_0",
        "ReLU315_Output_0", "ReLU347_Output_0", "ReLU393_Output_0", "Pooling395_Output_0",
    ];

    [Fact]
    public void ImportedTrunkMatchesOnnxRuntimeAtSeveralLayers()
    {
        using var network = EmbeddedResNet18.Load();
        network.Module.eval();
        // Three of the 92 stimuli (a face, an animal body, an object), 175 x 175 on grey.
        var all = DataSpec.LoadArray(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
        using var images = cat([ImageTensors.FromArray(all, 12, 1), ImageTensors.FromArray(all, 30, 1), ImageTensors.FromArray(all, 70, 1)], 0);
        using var noGrad = no_grad();
        using var input = network.Preprocess(images);
        Assert.Equal(new long[] { 3, 3, 224, 224 }, input.shape);
        var outputs = network.Forward(input, Probe);

        using var prepOracle = new OnnxRuntimeOracle(EmbeddedResNet18.PreprocessPath, []);
        using var trunkOracle = new OnnxRuntimeOracle(EmbeddedResNet18.TrunkPath, Probe);
        using var resized = ImagePreprocessing.ResizeAndCenterCrop(ImagePreprocessing.ToNchwFloat(images), 224);
        for (int n = 0; n < 3; n++)
        {
            var raw = resized[n].unsqueeze(0).contiguous().data<float>().ToArray();
            var prep = prepOracle.Run(raw, [1, 3, 224, 224], ["PreprocessedInput"])["PreprocessedInput"];
            AssertClose(prep, input[n].contiguous().data<float>().ToArray(), "preprocessing", 1e-5);
            var expected = trunkOracle.Run(prep, [1, 3, 224, 224], Probe);
            foreach (var layer in Probe)
                AssertClose(expected[layer], outputs[layer][n].contiguous().data<float>().ToArray(), layer, 1e-4);
        }
    }

    /// <summary>max |actual - expected| relative to max |expected|.</summary>
    internal static void AssertClose(float[] expected, float[] actual, string what, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs((double)v));
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - (double)actual[i]));
        Assert.True(worst <= tolerance * Math.Max(scale, 1e-12), $"{what}: max abs difference {worst:G4} vs scale {scale:G4} (relative {worst / scale:G3} > {tolerance})");
    }
}
