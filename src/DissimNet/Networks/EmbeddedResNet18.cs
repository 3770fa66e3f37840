using DissimNet.Networks.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>The ImageNet-trained ResNet-18 trunk shipped by Microsoft.ML.DnnImageFeaturizer.ResNet18, imported from ONNX.</summary>
/// <remarks>
/// The trunk is a CNTK export: a 7x7 stem, then residual stages of 2, 2, 2 and 3 basic blocks (the last
/// stage has one block more than TorchVision's ResNet-18), then a 7x7 average pool to 512 features.
/// Its own preprocessing model turns RGB into BGR and subtracts a 224 x 224 mean image (0..255 scale),
/// so the input size is fixed at 224. Readable aliases (node outputs in brackets):
/// <c>conv1</c> (Convolution249), <c>bn1</c> (BatchNormalization251), <c>relu</c> (ReLU253, the first ReLU),
/// <c>maxpool</c> (Pooling255), <c>stageS.blockB</c> for the output of block B of stage S (after the
/// block's closing ReLU), <c>stageS</c> and <c>layerS</c> for the last block of a stage, and <c>pool</c> /
/// <c>avgpool</c> (Pooling395, the 512-d global average).
/// </remarks>
internal static class EmbeddedResNet18
{
    /// <summary>Architecture name used on the command line.</summary>
    public const string Name = "resnet18-imagenet";

    /// <summary>The only input size the mean-image preprocessing accepts.</summary>
    public const int InputSize = 224;

    /// <summary>Folder of the shipped ONNX files in the build output.</summary>
    public static string ModelFolder => Path.Combine(AppContext.BaseDirectory, "DnnImageModels");

    /// <summary>Path of the trunk model.</summary>
    public static string TrunkPath => Path.Combine(ModelFolder, "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>Path of the preprocessing model.</summary>
    public static string PreprocessPath => Path.Combine(ModelFolder, "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>Alias to ONNX node output.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Aliases = BuildAliases();

    static List<KeyValuePair<string, string>> BuildAliases()
    {
        var aliases = new List<KeyValuePair<string, string>>
        {
            new("conv1", "Convolution249_Output_0"),
            new("bn1", "BatchNormalization251_Output_0"),
            new("relu", "ReLU253_Output_0"),
            new("relu1", "ReLU253_Output_0"),
            new("maxpool", "Pooling255_Output_0"),
        };
        // Block outputs (the ReLU after each residual addition), by stage.
        string[][] blocks =
        [
            ["ReLU269_Output_0", "ReLU283_Output_0"],
            ["ReLU301_Output_0", "ReLU315_Output_0"],
            ["ReLU333_Output_0", "ReLU347_Output_0"],
            ["ReLU365_Output_0", "ReLU379_Output_0", "ReLU393_Output_0"],
        ];
        for (int s = 0; s < blocks.Length; s++)
        {
            for (int b = 0; b < blocks[s].Length; b++)
                aliases.Add(new($"stage{s + 1}.block{b + 1}", blocks[s][b]));
            aliases.Add(new($"stage{s + 1}", blocks[s][^1]));
            aliases.Add(new($"layer{s + 1}", blocks[s][^1]));
        }
        aliases.Add(new("pool", "Pooling395_Output_0"));
        aliases.Add(new("avgpool", "Pooling395_Output_0"));
        return aliases;
    }

    /// <summary>Loads the trunk and its preprocessing from the build output (or from <paramref name="trunkOverride"/>, an ONNX file of the same graph).</summary>
    public static OnnxNetwork Load(int inputSize = InputSize, string? trunkOverride = null)
    {
        if (inputSize != InputSize)
            throw new SettingException($"{Name}: input size must be {InputSize} (its preprocessing subtracts a {InputSize} x {InputSize} mean image), got {inputSize}", "InputSize");
        foreach (var path in new[] { trunkOverride ?? TrunkPath, PreprocessPath })
            if (!File.Exists(path))
                throw new DissimNetException($"{path}: embedded model file missing (it comes with the Microsoft.ML.DnnImageFeaturizer.ResNet18 package; rebuild)");
        var trunk = OnnxGraphModule.Load(trunkOverride ?? TrunkPath, "resnet18_imagenet");
        var prep = OnnxGraphModule.Load(PreprocessPath, "resnet18_imagenet_preprocess");
        prep.eval();
        Tensor Preprocess(Tensor images)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var nchw = ImagePreprocessing.ToNchwFloat(images);
            var resized = ImagePreprocessing.ResizeAndCenterCrop(nchw, InputSize);
            // The preprocessing graph is not part of the trunk module, so it follows the images to their device here.
            if (!Runtime.ComputeDevice.Same(Runtime.ComputeDevice.Of(prep), resized.device)) prep.to(resized.device);
            return prep.forward(resized).MoveToOuterDisposeScope();
        }
        return new OnnxNetwork(Name, trunk, Preprocess, Aliases);
    }
}
