using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Networks.Models;

/// <summary>TorchVision's residual basic block (two 3x3 convolutions, optional 1x1 downsample branch).</summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1, conv2;
    readonly BatchNorm2d bn1, bn2;
    readonly ReLU relu;
    readonly Sequential? downsample;

    /// <summary>Builds a block from <paramref name="inPlanes"/> to <paramref name="planes"/> channels.</summary>
    public BasicBlock(string name, int inPlanes, int planes, int stride) : base(name)
    {
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        relu = nn.ReLU();
        conv2 = nn.Conv2d(planes, planes, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
            downsample = nn.Sequential(("0", nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false)), ("1", nn.BatchNorm2d(planes)));
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Run(x, new LayerTaps([]), "");

    /// <summary>Forward pass tapping <c>{prefix}.conv1</c>, <c>.bn1</c>, <c>.relu</c> (after bn1), <c>.conv2</c>, <c>.bn2</c>.</summary>
    public Tensor Run(Tensor x, LayerTaps taps, string prefix)
    {
        var a = taps.Tap($"{prefix}.conv1", conv1.forward(x));
        var b = taps.Tap($"{prefix}.bn1", bn1.forward(a));
        var c = taps.Tap($"{prefix}.relu", relu.forward(b));
        var d = taps.Tap($"{prefix}.conv2", conv2.forward(c));
        var e = taps.Tap($"{prefix}.bn2", bn2.forward(d));
        var identity = downsample is null ? x : downsample.forward(x);
        return relu.forward(Runtime.ScalarArithmetic.Add(e, identity));
    }

    /// <summary>Names tapped inside the block.</summary>
    public static string[] InnerLayers(string prefix) =>
        [$"{prefix}.conv1", $"{prefix}.bn1", $"{prefix}.relu", $"{prefix}.conv2", $"{prefix}.bn2"];
}

/// <summary>ResNet-18 as TorchVision defines it (<c>conv1</c>, <c>bn1</c>, <c>relu</c>, <c>maxpool</c>, <c>layer1</c>..<c>layer4</c>, <c>avgpool</c>, <c>fc</c>).</summary>
/// <remarks>Inside block <c>layerS.B</c>, <c>layerS.B.relu</c> is the ReLU after <c>bn1</c> and the block output
/// (after the residual addition and the final ReLU) is <c>layerS.B</c>, also reachable as
/// <c>layerS.B.relu_1</c> (TorchVision's feature-extraction name for the module's second call).
/// <c>layer1</c>..<c>layer4</c> alias the last block of each stage.</remarks>
internal sealed class ResNet18 : nn.Module<Tensor, Tensor>
{
    /// <summary>The smallest square input side accepted: its strided convolutions and pool are padded, so any side
    /// gives at least 1 x 1; 32 is the common lower bound of every architecture.</summary>
    public const int MinimumInputSize = 32;

    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly ReLU relu;
    readonly MaxPool2d maxpool;
    readonly Sequential layer1, layer2, layer3, layer4;
    readonly AdaptiveAvgPool2d avgpool;
    readonly Linear fc;
    readonly List<(string Name, BasicBlock Block)> _blocks = [];

    /// <summary>Builds ResNet-18; stage widths are 64, 128, 256, 512 divided by <paramref name="widthDivisor"/>.</summary>
    public ResNet18(int numClasses = 1000, int widthDivisor = 1) : base("resnet18")
    {
        int w = Math.Max(1, 64 / widthDivisor);
        conv1 = nn.Conv2d(3, w, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(w);
        relu = nn.ReLU();
        maxpool = nn.MaxPool2d(3, 2, 1);
        layer1 = Stage(1, w, w, 1);
        layer2 = Stage(2, w, 2 * w, 2);
        layer3 = Stage(3, 2 * w, 4 * w, 2);
        layer4 = Stage(4, 4 * w, 8 * w, 2);
        avgpool = nn.AdaptiveAvgPool2d([1, 1]);
        fc = nn.Linear(8 * w, numClasses);
        RegisterComponents();
    }

    Sequential Stage(int index, int inPlanes, int planes, int stride)
    {
        var first = new BasicBlock("0", inPlanes, planes, stride);
        var second = new BasicBlock("1", planes, planes, 1);
        _blocks.Add(($"layer{index}.0", first));
        _blocks.Add(($"layer{index}.1", second));
        return nn.Sequential(("0", first), ("1", second));
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = maxpool.forward(relu.forward(bn1.forward(conv1.forward(x))));
        y = layer4.forward(layer3.forward(layer2.forward(layer1.forward(y))));
        return fc.forward(avgpool.forward(y).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <summary>Stem modules, one stage per residual block (its inner layers tapped), then <c>avgpool</c> and <c>fc</c>.</summary>
    public IReadOnlyList<NetworkStage> Stages()
    {
        var stages = new List<NetworkStage>
        {
            new("conv1", conv1.forward), new("bn1", bn1.forward), new("relu", relu.forward), new("maxpool", maxpool.forward),
        };
        foreach (var (name, block) in _blocks)
            stages.Add(new NetworkStage(name, BasicBlock.InnerLayers(name), (x, taps) => block.Run(x, taps, name)));
        stages.Add(new NetworkStage("avgpool", avgpool.forward));
        stages.Add(new NetworkStage("fc", x => { using var flat = x.flatten(1); return fc.forward(flat); }));
        return stages;
    }

    /// <summary>Readable aliases (see the class remarks).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Aliases { get; } = BuildAliases();

    static List<KeyValuePair<string, string>> BuildAliases()
    {
        var aliases = new List<KeyValuePair<string, string>>();
        for (int s = 1; s <= 4; s++)
        {
            aliases.Add(new($"layer{s}", $"layer{s}.1"));
            for (int b = 0; b < 2; b++) aliases.Add(new($"layer{s}.{b}.relu_1", $"layer{s}.{b}"));
        }
        return aliases;
    }
}
