namespace DissimNet.Tests;

/// <summary>Base of test classes that write files: a fresh temporary folder per test, deleted afterwards.</summary>
public abstract class TempFolderTests(string prefix) : IDisposable
{
    /// <summary>The folder (not created until a test writes into it).</summary>
    protected string TempRoot { get; } = Path.Combine(Path.GetTempPath(), $"dissimnet-{prefix}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(TempRoot)) Directory.Delete(TempRoot, recursive: true);
        GC.SuppressFinalize(this);
    }
}
