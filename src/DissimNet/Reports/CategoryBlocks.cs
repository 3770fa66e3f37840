namespace DissimNet.Reports;

/// <summary>A contiguous run of items sharing one category label: items [Start, End).</summary>
internal readonly record struct CategoryBlock(string Label, int Start, int End)
{
    /// <summary>Number of items in the run.</summary>
    public int Count => End - Start;

    /// <summary>Centre of the run on an axis where item i spans [i, i+1).</summary>
    public double Centre => (Start + End) / 2.0;

    /// <summary>Splits labels into contiguous runs of equal labels, in order (a label that recurs later starts a new run).</summary>
    public static IReadOnlyList<CategoryBlock> FromLabels(IReadOnlyList<string> labels)
    {
        var blocks = new List<CategoryBlock>();
        int start = 0;
        for (int i = 1; i <= labels.Count; i++)
        {
            if (i < labels.Count && labels[i] == labels[start]) continue;
            blocks.Add(new CategoryBlock(labels[start], start, i));
            start = i;
        }
        return blocks;
    }
}
