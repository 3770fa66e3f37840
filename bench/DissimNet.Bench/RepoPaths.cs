namespace DissimNet.Bench;

/// <summary>Finds the repository the benchmark runs from (the embedded data live there).</summary>
static class RepoPaths
{
    /// <summary>The folder holding DissimNet.slnx, searched upwards from the benchmark's binaries.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DissimNet.slnx"))) return dir.FullName;
        throw new DissimNetException("run the benchmark from inside the DissimNet repository (data/92imageData is needed)");
    }
}
