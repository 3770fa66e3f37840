using DissimNet.IO;
using DissimNet.Rdms;

namespace DissimNet.Networks;

/// <summary>Layer RDMs as rsatoolbox RDMs: one RDM per layer, named by the RDM descriptor <c>layer</c>, so <c>rdms.subset('layer', name)</c> picks one.</summary>
internal static class LayerRdmHdf5
{
    /// <summary>The layers as one rsatoolbox RDMs set; they must share their conditions.</summary>
    public static RsatoolboxRdms ToRsatoolbox(IReadOnlyList<LayerRdm> layers, string? measure)
    {
        if (layers.Count == 0) throw new DissimNetException("no layer RDMs to write");
        int n = layers[0].Rdm.ConditionCount;
        if (layers.Any(l => l.Rdm.ConditionCount != n))
            throw new DissimNetException($"layer RDMs differ in size ({string.Join(", ", layers.Select(l => $"{l.Layer}: {l.Rdm.ConditionCount}").Distinct())}); one rsatoolbox file holds RDMs over the same conditions");
        var vectors = layers.SelectMany(l => l.Rdm.Vector).ToArray();
        var stack = new RdmStack(n, [layers.Count], vectors, layers[0].Rdm.ConditionNames);
        return RdmConversion.FromStack(stack, measure, [new DescriptorColumn("layer", layers.Select(l => l.Layer).ToArray())]);
    }
}
