using DissimNet.Networks.Models;
using DissimNet.Networks.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>Builds a tappable network by architecture name, with weights from a file.</summary>
/// <remarks>No weights are downloaded: TorchVision architectures take <c>.pth</c>, <c>.safetensors</c> or
/// TorchSharp files with PyTorch's parameter names (without a file they keep their random initialisation);
/// <c>resnet18-imagenet</c> is embedded; <c>onnx</c> imports any ONNX CNN given as the weights file.</remarks>
public static class NetworkZoo
{
    /// <summary>Architecture names accepted by <see cref="Create"/>.</summary>
    public static readonly IReadOnlyList<string> Architectures = ["alexnet", "vgg16", "resnet18", EmbeddedResNet18.Name, "onnx"];

    /// <summary>Creates the network in evaluation mode; <paramref name="inputSize"/> is the square side images are resized to.</summary>
    /// <remarks>A path ending in .onnx is accepted as the architecture: it means the architecture onnx with that file.
    /// The network's parameters and buffers are moved to <paramref name="runtime"/>'s device (default: the CPU); its
    /// <see cref="ITappableNetwork.Preprocess"/> puts images there too. The first network of a process is built only after the
    /// convolution guard has chosen and checked the convolution path (for <paramref name="runtime"/>'s environment,
    /// default the process's).</remarks>
    public static ITappableNetwork Create(string architecture, string? weightsPath = null, int inputSize = 224, IProgressSink? progress = null,
        Runtime.RuntimeContext? runtime = null)
    {
        Runtime.ConvolutionGuard.EnsureVerified(runtime);
        var name = architecture.Trim().ToLowerInvariant();
        if (name.EndsWith(".onnx", StringComparison.Ordinal))
        {
            if (weightsPath is not null && weightsPath != architecture)
                throw new SettingException($"{architecture}: an ONNX file is a network of its own; give no other weights with it (got {weightsPath})", "Model", "Weights");
            (name, weightsPath) = ("onnx", architecture.Trim());
        }
        if (inputSize < 32 || inputSize > 1024)
            throw new SettingException($"input size: expected an image side between 32 and 1024 pixels, got {inputSize}", "InputSize");
        if (name != EmbeddedResNet18.Name && inputSize < MinimumInputSize(name)) // the embedded one takes exactly one size, checked by Load
            throw new SettingException($"input size: {name} needs an image side of at least {MinimumInputSize(name)} pixels (smaller inputs leave its pooling layers nothing to pool), got {inputSize}", "InputSize");
        ITappableNetwork network = name switch
        {
            "alexnet" => TorchVision(name, new AlexNet(), m => m.Stages(), AlexNet.Aliases, inputSize),
            "vgg16" => Vgg(inputSize),
            "resnet18" => TorchVision(name, new ResNet18(), m => m.Stages(), ResNet18.Aliases, inputSize),
            EmbeddedResNet18.Name => EmbeddedResNet18.Load(inputSize,
                weightsPath is not null && StateDictFile.FormatOf(weightsPath) == StateDictFile.Format.Onnx ? weightsPath : null),
            "onnx" => ImportOnnx(weightsPath, inputSize),
            _ => throw new SettingException($"unknown architecture '{architecture}' (choices: {string.Join(", ", Architectures)})", "Model"),
        };
        try
        {
            if (weightsPath is not null && StateDictFile.FormatOf(weightsPath) != StateDictFile.Format.Onnx)
                StateDictFile.Load(network.Module, weightsPath, network.Architecture);
            else if (weightsPath is not null && name is not ("onnx" or EmbeddedResNet18.Name))
                throw new SettingException($"{weightsPath}: an ONNX file is a network of its own; choose the architecture onnx with it as the weights", "Model", "Weights");
            else if (weightsPath is null && name is "alexnet" or "vgg16" or "resnet18")
                progress?.Note($"{name}: no weights file given, using randomly initialised weights");
        }
        catch
        {
            network.Dispose();
            throw;
        }
        if (runtime is not null) network.Module.to(runtime.Device);
        network.Module.eval();
        return network;
    }

    /// <summary>The smallest square input side an architecture can take (0 for an unknown name).</summary>
    public static int MinimumInputSize(string architecture) => architecture.Trim().ToLowerInvariant() switch
    {
        "alexnet" => AlexNet.MinimumInputSize,
        "vgg16" => Vgg16.MinimumInputSize,
        "resnet18" => ResNet18.MinimumInputSize,
        EmbeddedResNet18.Name => EmbeddedResNet18.InputSize, // its only size; Load says why
        _ => 0,
    };

    /// <summary>A TorchVision-style network: resize and crop to <paramref name="inputSize"/>, ImageNet normalisation.</summary>
    public static StagedNetwork TorchVision<TModule>(string architecture, TModule module, Func<TModule, IReadOnlyList<NetworkStage>> stages,
        IEnumerable<KeyValuePair<string, string>> aliases, int inputSize = 224) where TModule : nn.Module =>
        new(architecture, module, stages(module), images => TorchVisionPreprocess(images, inputSize), aliases);

    static StagedNetwork Vgg(int inputSize)
    {
        var module = new Vgg16();
        return TorchVision("vgg16", module, m => m.Stages(), module.Aliases, inputSize);
    }

    /// <summary>Resize the shorter side to <paramref name="inputSize"/>, crop the centre, scale to 0..1 and normalise with ImageNet statistics.</summary>
    public static Tensor TorchVisionPreprocess(Tensor images, int inputSize)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var nchw = ImagePreprocessing.ToNchwFloat(images);
        var resized = ImagePreprocessing.ResizeAndCenterCrop(nchw, inputSize);
        return ImagePreprocessing.NormalizeImageNet(resized).MoveToOuterDisposeScope();
    }

    static OnnxNetwork ImportOnnx(string? path, int inputSize)
    {
        if (path is null) throw new SettingException("the architecture onnx needs an .onnx file as its weights (the network to import)", "Model", "Weights");
        if (StateDictFile.FormatOf(path) != StateDictFile.Format.Onnx)
            throw new SettingException($"{path}: the architecture onnx expects an .onnx file", "Weights");
        var graph = OnnxGraphModule.Load(path);
        return new OnnxNetwork("onnx", graph, images => TorchVisionPreprocess(images, inputSize));
    }
}
