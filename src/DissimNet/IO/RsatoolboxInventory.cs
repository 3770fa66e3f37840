namespace DissimNet.IO;

/// <summary>The inventory lines of an rsatoolbox RDMs file: the dissimilarities, then every descriptor with its values and how to select by it.</summary>
internal static class RsatoolboxInventory
{
    /// <summary>One line for the RDMs, one per descriptor of the set, of the RDMs and of the patterns (FILE stands for the file's path).</summary>
    public static IEnumerable<InventoryEntry> Describe(RsatoolboxRdms rdms)
    {
        yield return new InventoryEntry("dissimilarities", rdms.SinglePrecision ? "single" : "double", $"{rdms.RdmCount}x{rdms.PairCount}", 0,
            $"{rdms.RdmCount} RDMs, measure '{rdms.DissimilarityMeasure}'; FILE[k] picks one");
        foreach (var (name, text) in rdms.Descriptors)
            yield return new InventoryEntry($"descriptors.{name}", "char", "1", 1, $"'{text}'");
        foreach (var column in rdms.RdmDescriptors)
        {
            var values = RsatoolboxSelection.Distinct(column);
            yield return new InventoryEntry($"rdm_descriptors.{column.Name}", ClassOf(column), column.Count.ToString(), 1,
                $"{Shorten(values)}; select: FILE?{column.Name}={values[0]}");
        }
        foreach (var column in rdms.PatternDescriptors)
            yield return new InventoryEntry($"pattern_descriptors.{column.Name}", ClassOf(column), column.Count.ToString(), 1,
                Shorten(RsatoolboxSelection.Distinct(column)));
    }

    private static string ClassOf(DescriptorColumn column) => column.Values switch
    {
        string[] => "char",
        long[] => "int64",
        _ => "double",
    };

    private static string Shorten(IReadOnlyList<string> values) =>
        values.Count <= 6 ? string.Join(", ", values) : $"{string.Join(", ", values.Take(3))}, ... ({values.Count} values)";
}
