namespace DissimNet.Rdms;

/// <summary>One layer's RDM over a set of images, with the number of features it was computed from.</summary>
public sealed record LayerRdm(string Layer, Rdm Rdm, int FeatureCount);
