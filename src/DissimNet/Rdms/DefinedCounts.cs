namespace DissimNet.Rdms;

/// <summary>How many vectors added to a NaN-ignoring mean are defined at each pair, held as an array only once some vector
/// has a NaN: until then every pair's count is the number of vectors added, and a mean of large RDMs needs no count array.</summary>
internal sealed class DefinedCounts(int length)
{
    int[]? counts;

    /// <summary>Number of vectors added.</summary>
    public int Added { get; private set; }

    /// <summary>Notes one more vector, <paramref name="anyUndefined"/> when some of its pairs are NaN; returns the per-pair counts
    /// for the caller to raise at its defined pairs, or null while no vector had NaN.</summary>
    public int[]? Add(bool anyUndefined)
    {
        if (counts is null && anyUndefined)
        {
            counts = new int[length];
            Array.Fill(counts, Added);
        }
        Added++;
        return counts;
    }

    /// <summary>The number of defined values added at pair <paramref name="i"/>.</summary>
    public int this[int i] => counts is null ? Added : counts[i];
}
