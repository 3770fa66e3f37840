using System.Globalization;

namespace DissimNet.IO;

/// <summary>One named descriptor: one value per RDM or per pattern, held as strings, integers (long) or reals (double).</summary>
internal sealed record DescriptorColumn(string Name, Array Values)
{
    /// <summary>Number of values.</summary>
    public int Count => Values.Length;

    /// <summary>Value <paramref name="index"/> as text, as a user writes it in a selection.</summary>
    public string Text(int index) => Values.GetValue(index) switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v?.ToString() ?? "",
    };

    /// <summary>The column restricted to the given rows, in their order.</summary>
    public DescriptorColumn Select(IReadOnlyList<int> rows)
    {
        var picked = Array.CreateInstance(Values.GetType().GetElementType()!, rows.Count);
        for (int k = 0; k < rows.Count; k++) picked.SetValue(Values.GetValue(rows[k]), k);
        return this with { Values = picked };
    }
}

/// <summary>RDMs as rsatoolbox's <c>RDMs</c> object holds them: upper-triangle vectors plus descriptors of the whole set, of each RDM and of each pattern.</summary>
/// <param name="RdmCount">Number of RDMs.</param>
/// <param name="PairCount">Pairs per RDM, n(n - 1)/2 for n patterns.</param>
/// <param name="Dissimilarities">RdmCount x PairCount values, row-major (one upper-triangle vector per RDM, squareform order).</param>
/// <param name="DissimilarityMeasure">rsatoolbox's name of the measure (e.g. "correlation"), when stored.</param>
/// <param name="Descriptors">Descriptors of the whole set, as name and text.</param>
/// <param name="RdmDescriptors">Per-RDM descriptor columns (e.g. subject), one value an RDM.</param>
/// <param name="PatternDescriptors">Per-pattern descriptor columns (e.g. condition names), one value a pattern.</param>
/// <param name="SinglePrecision">True when the file stored the dissimilarities as 32-bit floats.</param>
internal sealed record RsatoolboxRdms(
    int RdmCount,
    int PairCount,
    double[] Dissimilarities,
    string? DissimilarityMeasure,
    IReadOnlyList<KeyValuePair<string, string>> Descriptors,
    IReadOnlyList<DescriptorColumn> RdmDescriptors,
    IReadOnlyList<DescriptorColumn> PatternDescriptors,
    bool SinglePrecision = false)
{
    /// <summary>The dissimilarities as an RdmCount x PairCount array (float32 when the file held float32).</summary>
    public NdArray ToArray() => SinglePrecision
        ? new NdArray([RdmCount, PairCount], Dissimilarities.Select(v => (float)v).ToArray(), ElementType.Single)
        : new NdArray([RdmCount, PairCount], Dissimilarities);

    /// <summary>The RDMs at <paramref name="rows"/>, in that order, with their RDM descriptors.</summary>
    public RsatoolboxRdms Select(IReadOnlyList<int> rows)
    {
        var values = new double[rows.Count * PairCount];
        for (int k = 0; k < rows.Count; k++) Dissimilarities.AsSpan(rows[k] * PairCount, PairCount).CopyTo(values.AsSpan(k * PairCount));
        return this with { RdmCount = rows.Count, Dissimilarities = values, RdmDescriptors = RdmDescriptors.Select(c => c.Select(rows)).ToList() };
    }
}
