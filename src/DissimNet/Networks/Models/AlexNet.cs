using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Networks.Models;

/// <summary>AlexNet as TorchVision defines it (module names <c>features.N</c>, <c>avgpool</c>, <c>classifier.N</c>), with optional smaller widths.</summary>
/// <remarks>Aliases <c>conv1</c>..<c>conv5</c> and <c>fc6</c>, <c>fc7</c> name the ReLU outputs (the rectified
/// activations usually compared with the brain); <c>fc8</c> is the last linear layer (class scores);
/// <c>pool1</c>, <c>pool2</c>, <c>pool5</c> are the max-pool outputs. The pre-ReLU convolution outputs are
/// reachable by module path (<c>features.0</c>, <c>features.3</c>, ...).</remarks>
internal sealed class AlexNet : nn.Module<Tensor, Tensor>
{
    /// <summary>The smallest square input side: the third max-pool (3 x 3, stride 2) needs a 3 x 3 map, so the second
    /// needs 7, the first 15, and conv1 (11 x 11, stride 4, padding 2) gives 15 from (s + 4 - 11) / 4 + 1 = 15, s = 63.</summary>
    public const int MinimumInputSize = 63;

    readonly Sequential features;
    readonly AdaptiveAvgPool2d avgpool;
    readonly Sequential classifier;
    readonly List<(string Name, nn.Module<Tensor, Tensor> Module)> _featureList;
    readonly List<(string Name, nn.Module<Tensor, Tensor> Module)> _classifierList;

    /// <summary>Builds AlexNet; <paramref name="channels"/> are the five conv widths (TorchVision: 64, 192, 384, 256, 256).</summary>
    public AlexNet(int numClasses = 1000, int[]? channels = null, int hidden = 4096, double dropout = 0.5) : base("alexnet")
    {
        var c = channels ?? [64, 192, 384, 256, 256];
        _featureList =
        [
            ("0", nn.Conv2d(3, c[0], 11, stride: 4, padding: 2)), ("1", nn.ReLU()), ("2", nn.MaxPool2d(3, 2)),
            ("3", nn.Conv2d(c[0], c[1], 5, padding: 2)), ("4", nn.ReLU()), ("5", nn.MaxPool2d(3, 2)),
            ("6", nn.Conv2d(c[1], c[2], 3, padding: 1)), ("7", nn.ReLU()),
            ("8", nn.Conv2d(c[2], c[3], 3, padding: 1)), ("9", nn.ReLU()),
            ("10", nn.Conv2d(c[3], c[4], 3, padding: 1)), ("11", nn.ReLU()), ("12", nn.MaxPool2d(3, 2)),
        ];
        _classifierList =
        [
            ("0", nn.Dropout(dropout)), ("1", nn.Linear(c[4] * 36, hidden)), ("2", nn.ReLU()),
            ("3", nn.Dropout(dropout)), ("4", nn.Linear(hidden, hidden)), ("5", nn.ReLU()),
            ("6", nn.Linear(hidden, numClasses)),
        ];
        features = nn.Sequential(_featureList.Select(m => (m.Name, (nn.Module<Tensor, Tensor>)m.Module)));
        avgpool = nn.AdaptiveAvgPool2d([6, 6]);
        classifier = nn.Sequential(_classifierList.Select(m => (m.Name, (nn.Module<Tensor, Tensor>)m.Module)));
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return classifier.forward(avgpool.forward(features.forward(x)).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <summary>One stage per module: <c>features.*</c>, <c>avgpool</c>, <c>classifier.*</c> (the flatten happens inside <c>classifier.0</c>).</summary>
    public IReadOnlyList<NetworkStage> Stages() => ClassifierNetStages.Build(_featureList, avgpool, _classifierList);

    /// <summary>Readable aliases (see the class remarks).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Aliases { get; } =
    [
        new("conv1", "features.1"), new("pool1", "features.2"), new("conv2", "features.4"), new("pool2", "features.5"),
        new("conv3", "features.7"), new("conv4", "features.9"), new("conv5", "features.11"), new("pool5", "features.12"),
        new("fc6", "classifier.2"), new("fc7", "classifier.5"), new("fc8", "classifier.6"),
    ];
}
