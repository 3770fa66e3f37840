using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Networks.Models;

/// <summary>VGG-16 (configuration D, no batch norm) as TorchVision defines it, with optional smaller widths.</summary>
/// <remarks>Aliases <c>conv1_1</c>..<c>conv5_3</c> name the ReLU output of each convolution (as in the
/// Algonauts 2019 Siamese-network paper), <c>pool1</c>..<c>pool5</c> the max-pool outputs, <c>fc6</c> and
/// <c>fc7</c> the ReLU outputs of the first two linear layers and <c>fc8</c> the class scores.</remarks>
internal sealed class Vgg16 : nn.Module<Tensor, Tensor>
{
    /// <summary>The smallest square input side: five 2 x 2 max-pools of stride 2 halve it five times, 32 to 1.</summary>
    public const int MinimumInputSize = 32;

    static readonly int[][] Blocks = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];

    readonly Sequential features;
    readonly AdaptiveAvgPool2d avgpool;
    readonly Sequential classifier;
    readonly List<(string Name, nn.Module<Tensor, Tensor> Module)> _featureList = [];
    readonly List<(string Name, nn.Module<Tensor, Tensor> Module)> _classifierList;
    readonly List<KeyValuePair<string, string>> _aliases = [];

    /// <summary>Builds VGG-16; channel counts and the hidden width are divided by <paramref name="widthDivisor"/>.</summary>
    public Vgg16(int numClasses = 1000, int widthDivisor = 1, double dropout = 0.5) : base("vgg16")
    {
        int index = 0, inChannels = 3;
        for (int b = 0; b < Blocks.Length; b++)
        {
            for (int k = 0; k < Blocks[b].Length; k++)
            {
                int outChannels = Math.Max(1, Blocks[b][k] / widthDivisor);
                _featureList.Add(($"{index}", nn.Conv2d(inChannels, outChannels, 3, padding: 1)));
                _featureList.Add(($"{index + 1}", nn.ReLU()));
                _aliases.Add(new($"conv{b + 1}_{k + 1}", $"features.{index + 1}"));
                inChannels = outChannels;
                index += 2;
            }
            _featureList.Add(($"{index}", nn.MaxPool2d(2, 2)));
            _aliases.Add(new($"pool{b + 1}", $"features.{index}"));
            index++;
        }
        int hidden = Math.Max(1, 4096 / widthDivisor);
        _classifierList =
        [
            ("0", nn.Linear(inChannels * 49, hidden)), ("1", nn.ReLU()), ("2", nn.Dropout(dropout)),
            ("3", nn.Linear(hidden, hidden)), ("4", nn.ReLU()), ("5", nn.Dropout(dropout)),
            ("6", nn.Linear(hidden, numClasses)),
        ];
        _aliases.AddRange([new("fc6", "classifier.1"), new("fc7", "classifier.4"), new("fc8", "classifier.6")]);
        features = nn.Sequential(_featureList.Select(m => (m.Name, m.Module)));
        avgpool = nn.AdaptiveAvgPool2d([7, 7]);
        classifier = nn.Sequential(_classifierList.Select(m => (m.Name, m.Module)));
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return classifier.forward(avgpool.forward(features.forward(x)).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <summary>One stage per module: <c>features.*</c>, <c>avgpool</c>, <c>classifier.*</c>.</summary>
    public IReadOnlyList<NetworkStage> Stages() => ClassifierNetStages.Build(_featureList, avgpool, _classifierList);

    /// <summary>Readable aliases (see the class remarks).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Aliases => _aliases;
}
