namespace DissimNet.Rdms;

/// <summary>Scratch buffers for comparing vectors of one length; one per thread, reused across comparisons.</summary>
/// <remarks>Each buffer is allocated when a comparison first asks for it: a comparison that is one dot product of cached
/// forms (no NaN, no pair weights) needs none, and each method needs only a few of the twelve.</remarks>
internal sealed class ComparisonWorkspace(int length)
{
    double[]? weights, ranksX, ranksY, modelRanks, modelCentred, modelWeightedCentred, keys, sortValues, sortWeights, mergeValues, mergeWeights;
    int[]? indices;

    public double[] Weights => weights ??= new double[length];
    public double[] RanksX => ranksX ??= new double[length];
    public double[] RanksY => ranksY ??= new double[length];
    public double[] ModelRanks => modelRanks ??= new double[length];
    public double[] ModelCentred => modelCentred ??= new double[length];
    public double[] ModelWeightedCentred => modelWeightedCentred ??= new double[length];
    public int[] Indices => indices ??= new int[length];
    public double[] Keys => keys ??= new double[length];
    public double[] SortValues => sortValues ??= new double[length];
    public double[] SortWeights => sortWeights ??= new double[length];
    public double[] MergeValues => mergeValues ??= new double[length];
    public double[] MergeWeights => mergeWeights ??= new double[length];
    public int Length => length;
}
