using static TorchSharp.torch;

namespace DissimNet.Networks.Models;

/// <summary>The sequential walk shared by AlexNet and VGG: <c>features.*</c>, <c>avgpool</c>, then <c>classifier.*</c>.</summary>
internal static class ClassifierNetStages
{
    /// <summary>One stage per module; the flatten between pooling and the classifier happens inside <c>classifier.0</c>.</summary>
    public static IReadOnlyList<NetworkStage> Build(IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)> features,
        nn.Module<Tensor, Tensor> avgpool, IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)> classifier)
    {
        var stages = features.Select(m => new NetworkStage($"features.{m.Name}", m.Module.forward)).ToList();
        stages.Add(new NetworkStage("avgpool", avgpool.forward));
        foreach (var (name, module) in classifier)
            stages.Add(name == "0"
                ? new NetworkStage("classifier.0", x => { using var flat = x.flatten(1); return module.forward(flat); })
                : new NetworkStage($"classifier.{name}", module.forward));
        return stages;
    }
}
