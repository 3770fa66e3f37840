namespace DissimNet.Networks;

/// <summary>Readable labels for layers: the canonical name with its shortest alias, e.g. "ReLU393_Output_0 (stage4)".</summary>
internal static class LayerLabels
{
    /// <summary>The layer as given, followed by its shortest other name in parentheses when there is one.</summary>
    public static string Label(this ITappableNetwork network, string layer)
    {
        var canonical = network.Resolve(layer);
        var other = network.Names.AliasesOf(canonical).Append(canonical).Where(a => a != layer).OrderBy(a => a.Length).FirstOrDefault();
        return other is null ? layer : $"{layer} ({other})";
    }
}
