using System.Text.Json.Serialization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Which torch.optim algorithm updates the trained parameters.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with optional momentum; weight decay is an L2 term added to the gradient.</summary>
    [JsonStringEnumMemberName("sgd")] Sgd,

    /// <summary>Adam (Kingma and Ba 2015); weight decay is an L2 term added to the gradient before the moment estimates.</summary>
    [JsonStringEnumMemberName("adam")] Adam,

    /// <summary>AdamW (Loshchilov and Hutter 2019); weight decay shrinks the weights directly by lr x decay every step.</summary>
    [JsonStringEnumMemberName("adamw")] AdamW,
}

/// <summary>Builds the optimizer a run's settings name.</summary>
internal static class TrainingOptimizers
{
    /// <summary>Adam's moment decay rates and denominator term, as PyTorch's defaults (TorchSharp's own beta2 default is 0.99).</summary>
    public const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    /// <summary>The optimizer of <paramref name="settings"/> over <paramref name="parameters"/>, at the settings' base learning rate.</summary>
    /// <remarks>TorchSharp's SGD, Adam or AdamW with a step that owns its Scalars (<see cref="ScalarSafeOptimizers"/>): the same
    /// numbers, and the same saved state under the same optimizer name.</remarks>
    public static optim.Optimizer Create(IEnumerable<Parameter> parameters, TrainingSettings settings) => settings.Optimizer switch
    {
        OptimizerKind.Sgd => new ScalarSafeOptimizers.SGD(parameters, settings.LearningRate, momentum: settings.Momentum, weight_decay: settings.WeightDecay),
        OptimizerKind.Adam => new ScalarSafeOptimizers.Adam(parameters, settings.LearningRate, Beta1, Beta2, Epsilon, weight_decay: settings.WeightDecay),
        OptimizerKind.AdamW => new ScalarSafeOptimizers.AdamW(parameters, settings.LearningRate, Beta1, Beta2, Epsilon, weight_decay: settings.WeightDecay),
        _ => throw new SettingException($"unknown optimizer {settings.Optimizer}", nameof(TrainingSettings.Optimizer)),
    };
}
