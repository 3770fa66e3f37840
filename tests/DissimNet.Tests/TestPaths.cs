namespace DissimNet.Tests;

/// <summary>Locates the repository, its data folder and the test fixtures from the test output folder.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DissimNet.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"DissimNet.slnx not found above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository root (the folder holding DissimNet.slnx).</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>A path under the repository's data/ folder, e.g. Data("92imageData/92_brainRDMs.mat").</summary>
    public static string Data(string relative) => Path.Combine(RepoRoot, "data", relative);

    /// <summary>A fixture file copied to the test output folder (tests/DissimNet.Tests/Fixtures).</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
