using TorchSharp;
using static TorchSharp.torch;

namespace DissimNet.Networks;

/// <summary>A CNN whose outputs at named layers can be read in one forward pass.</summary>
/// <remarks>
/// Layers are named by PyTorch module path (<c>features.10</c>, <c>layer4.1</c>) or, for imported ONNX
/// graphs, by node output name; readable aliases (<c>conv5</c>, <c>fc6</c>, <c>conv5_2</c>) resolve to those.
/// This is the contract between <c>Networks/</c> (which implements it) and <c>Training/</c> and the
/// feature-RDM code (which consume it).
/// </remarks>
public interface ITappableNetwork : IDisposable
{
    /// <summary>Architecture name, e.g. "alexnet", "vgg16", "resnet18", "resnet18-imagenet".</summary>
    string Architecture { get; }

    /// <summary>The tappable layers' canonical names, in forward order, with their readable aliases.</summary>
    LayerNames Names { get; }

    /// <summary>Every tappable layer, canonical names, in forward order.</summary>
    IReadOnlyList<string> Layers => Names.Layers;

    /// <summary>Canonical name for a canonical name or alias; throws <see cref="DissimNetException"/> listing the choices.</summary>
    string Resolve(string nameOrAlias) => Names.Resolve(nameOrAlias);

    /// <summary>The module that owns every parameter (PyTorch parameter names).</summary>
    nn.Module Module { get; }

    /// <summary>Index in <see cref="Layers"/> of the first layer whose output depends on the parameter.</summary>
    /// <remarks>Freezing "up to conv5_2" freezes every parameter whose index is at most that layer's index.</remarks>
    int LayerIndexOfParameter(string parameterName);

    /// <summary>Turns N x H x W x 3 RGB images (0..255) into the network's input tensor N x 3 x S x S.</summary>
    Tensor Preprocess(Tensor rgbImagesNhwc);

    /// <summary>Runs the network on preprocessed input and returns the outputs of the requested layers.</summary>
    /// <remarks>Stops after the deepest requested layer and keeps no activation that was not requested.</remarks>
    IReadOnlyDictionary<string, Tensor> Forward(Tensor input, IReadOnlyCollection<string> layers);

    /// <summary>True when the output of <paramref name="layer"/> alone determines everything after it (no skip connection crosses it).</summary>
    bool IsCutPoint(string layer);

    /// <summary>Continues a forward pass from a cached activation at a cut point (for a frozen, cached prefix).</summary>
    IReadOnlyDictionary<string, Tensor> ForwardFrom(string startLayer, Tensor activation, IReadOnlyCollection<string> layers);
}
