using DissimNet.Networks;
using TorchSharp.Modules;

namespace DissimNet.Training;

/// <summary>Which layers stay fixed during training: none, everything from a layer on, or everything up to and including a layer.</summary>
/// <remarks>Written <c>none</c>, <c>from:conv5</c> or <c>upto:conv5_2</c>. A parameter belongs to the first layer whose output depends on it
/// (<see cref="ITappableNetwork.LayerIndexOfParameter"/>).</remarks>
internal sealed record FreezeSpec(FreezeKind Kind, string? Layer)
{
    /// <summary>Nothing frozen.</summary>
    public static readonly FreezeSpec None = new(FreezeKind.None, null);

    /// <summary>Parses none, from:LAYER or upto:LAYER; throws <see cref="DissimNetException"/> on anything else.</summary>
    public static FreezeSpec Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("none", StringComparison.OrdinalIgnoreCase)) return None;
        int colon = trimmed.IndexOf(':');
        if (colon > 0 && colon < trimmed.Length - 1)
        {
            var layer = trimmed[(colon + 1)..];
            switch (trimmed[..colon].ToLowerInvariant())
            {
                case "from": return new FreezeSpec(FreezeKind.From, layer);
                case "upto": return new FreezeSpec(FreezeKind.UpTo, layer);
            }
        }
        throw new SettingException($"freeze '{text}' is not understood (expected none, from:LAYER or upto:LAYER, e.g. from:conv5 or upto:conv5_2)", "Freeze");
    }

    /// <summary>The text form, as <see cref="Parse"/> reads it.</summary>
    public override string ToString() => Kind switch
    {
        FreezeKind.From => $"from:{Layer}",
        FreezeKind.UpTo => $"upto:{Layer}",
        _ => "none",
    };

    /// <summary>True when the parameter of a layer with this index is frozen; <paramref name="boundary"/> is the index of <see cref="Layer"/>.</summary>
    public bool IsFrozen(int layerIndex, int boundary) => Kind switch
    {
        FreezeKind.From => layerIndex >= boundary,
        FreezeKind.UpTo => layerIndex <= boundary,
        _ => false,
    };

    /// <summary>Sets requires_grad on every parameter and returns which are trained.</summary>
    /// <param name="network">The network.</param>
    /// <param name="lastUsedLayer">Index of the deepest layer the loss reads, if known: parameters that only feed later layers
    /// cannot change the loss, so they are left fixed too (e.g. the classifier when training at conv5_3).</param>
    public FreezePlan Apply(ITappableNetwork network, int lastUsedLayer = int.MaxValue)
    {
        int boundary = Kind == FreezeKind.None ? -1 : IndexOf(network, network.Resolve(Layer!));
        var trainable = new List<(string Name, Parameter Parameter)>();
        var frozen = new List<string>();
        int firstTrainable = int.MaxValue;
        foreach (var (name, parameter) in network.Module.named_parameters())
        {
            int index = network.LayerIndexOfParameter(name);
            bool isFrozen = IsFrozen(index, boundary) || index > lastUsedLayer;
            parameter.requires_grad = !isFrozen;
            if (isFrozen) frozen.Add(name);
            else
            {
                trainable.Add((name, parameter));
                firstTrainable = Math.Min(firstTrainable, index);
            }
        }
        return new FreezePlan(trainable, frozen, firstTrainable == int.MaxValue ? -1 : firstTrainable);
    }

    internal static int IndexOf(ITappableNetwork network, string canonical)
    {
        for (int i = 0; i < network.Layers.Count; i++)
            if (network.Layers[i] == canonical) return i;
        throw new DissimNetException($"layer '{canonical}' is not a layer of {network.Architecture}");
    }
}

/// <summary>The kinds of <see cref="FreezeSpec"/>.</summary>
internal enum FreezeKind { None, From, UpTo }

/// <summary>The outcome of applying a <see cref="FreezeSpec"/>: parameters to train, parameter names left fixed (frozen, or after the last layer used), and the first layer any trained parameter feeds.</summary>
internal sealed record FreezePlan(IReadOnlyList<(string Name, Parameter Parameter)> Trainable, IReadOnlyList<string> Frozen, int FirstTrainableLayer);
