namespace DissimNet.Tests.Architecture;

/// <summary>The process environment is read in one place (<see cref="RuntimeEnvironment"/>), and nothing runs on loading the library.</summary>
public class EnvironmentReadsTests
{
    static readonly string Sources = Path.Combine(TestPaths.RepoRoot, "src");
    static readonly string TheOneReader = Path.Combine("DissimNet", "RuntimeEnvironment.cs");

    /// <summary>Every .cs file under src/ (library and CLI), build output left out, with its path relative to src/.</summary>
    static IEnumerable<(string Relative, string Text)> SourceFiles() =>
        Directory.EnumerateFiles(Sources, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Sources, path))
            .Where(relative => !relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(relative => (relative, File.ReadAllText(Path.Combine(Sources, relative))));

    [Fact]
    public void OnlyRuntimeEnvironmentReadsEnvironmentVariables()
    {
        var files = SourceFiles().ToList();
        Assert.Contains(files, f => f.Relative == TheOneReader && f.Text.Contains("Environment.GetEnvironmentVariable(", StringComparison.Ordinal));
        string[] reads = ["GetEnvironmentVariable", "getenv(", "ExpandEnvironmentVariables"];
        var offenders = files.Where(f => f.Relative != TheOneReader)
            .SelectMany(f => reads.Where(r => f.Text.Contains(r, StringComparison.Ordinal)).Select(r => $"{f.Relative}: {r}")).ToList();
        Assert.True(offenders.Count == 0, "environment read outside RuntimeEnvironment:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void NoModuleInitializerInTheSources()
    {
        var offenders = SourceFiles().Where(f => f.Text.Contains("[ModuleInitializer]", StringComparison.Ordinal)).Select(f => f.Relative).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void ASnapshotHoldsEachVariableItNames()
    {
        var environment = RuntimeEnvironment.FromVariables(new Dictionary<string, string>
        {
            [RuntimeEnvironment.ConvolutionPathVariable] = "reference",
            [RuntimeEnvironment.MaxArrayBytesVariable] = "8M",
            [RuntimeEnvironment.ThreadsVariable] = "3",
            [RuntimeEnvironment.ExecutableVariable] = "/opt/dissimnet",
            [RuntimeEnvironment.ParentProcessVariable] = "42",
            [RuntimeEnvironment.DotnetHostVariable] = "/usr/bin/dotnet",
            [RuntimeEnvironment.SearchPathVariable] = "/a:/b::/c",
            [RuntimeEnvironment.NoColorVariable] = "",
            [RuntimeEnvironment.CiVariable] = "",
            [RuntimeEnvironment.DebugVariable] = "1",
            [RuntimeEnvironment.OneDnnIsaVariable] = "AVX2",
        });
        Assert.Equal(("reference", "8M", "3"), (environment.ConvolutionPath, environment.MaxArrayBytes, environment.Threads));
        Assert.Equal(("/opt/dissimnet", "42", "/usr/bin/dotnet"), (environment.Executable, environment.ParentProcess, environment.DotnetHost));
        Assert.Equal(["/a", "/b", "/c"], environment.SearchDirectories);
        Assert.False(environment.NoColor); // NO_COLOR counts only when non-empty (no-color.org) ...
        Assert.True(environment.Ci);       // ... CI when set at all
        Assert.True(environment.Debug);
        Assert.Equal("AVX2", environment.OneDnnIsa);

        var empty = RuntimeEnvironment.FromVariables(new Dictionary<string, string>());
        Assert.Equal((false, false, false), (empty.NoColor, empty.Ci, empty.Debug));
        Assert.Empty(empty.SearchDirectories);
    }
}
