namespace DissimNet.Tests;

/// <summary>Base of test classes that write files: a fresh temporary folder per test, deleted afterwards.</summary>
public abstract class TempFolderTests(string prefix) : IDisposable
{
    /// <summary>The folder (not created until a test writes into it).</summary>
    protected string TempRoot { get; } = Path.Combine(Path.GetTempPath(), $"dissimnet-{prefix}-{Guid.NewGuid():N}");

    /// <summary>Writes <paramref name="text"/> to a file of that name in the temporary folder (creating it) and returns its path.</summary>
    protected string TempFile(string name, string text)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Plants a symbolic link at <paramref name="link"/> (its folder created) to a new folder "outside" in the temporary folder, as a
    /// hostile run or sweep folder would; returns the link's full path and the folder it points to.</summary>
    protected (string Link, string Outside) LinkToOutside(string link)
    {
        var outside = Path.Combine(TempRoot, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(link))!);
        return (Directory.CreateSymbolicLink(link, outside).FullName, outside);
    }

    public void Dispose()
    {
        if (Directory.Exists(TempRoot)) Directory.Delete(TempRoot, recursive: true);
        GC.SuppressFinalize(this);
    }
}
