namespace DissimNet.Rdms;

/// <summary>Scratch buffers for comparing vectors of one length; one per thread, reused across comparisons.</summary>
internal sealed class ComparisonWorkspace(int length)
{
    public readonly double[] Weights = new double[length];
    public readonly double[] RanksX = new double[length];
    public readonly double[] RanksY = new double[length];
    public readonly double[] ModelRanks = new double[length];
    public readonly double[] ModelCentred = new double[length];
    public readonly double[] ModelWeightedCentred = new double[length];
    public readonly int[] Indices = new int[length];
    public readonly double[] Keys = new double[length];
    public readonly double[] SortValues = new double[length];
    public readonly double[] SortWeights = new double[length];
    public readonly double[] MergeValues = new double[length];
    public readonly double[] MergeWeights = new double[length];
    public int Length => Weights.Length;
}
