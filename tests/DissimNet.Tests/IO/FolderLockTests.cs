using DissimNet.IO;

namespace DissimNet.Tests.IO;

/// <summary>One dissimnet at a time works in a run, cross-validation or sweep folder; a killed run's temporaries are cleaned.</summary>
public sealed class FolderLockTests() : TempFolderTests("folder-lock")
{
    [Fact]
    public void ASecondRunnerIsRefusedNamingTheFirstAndMayStartOnceItEnds()
    {
        using (var first = FolderLock.Take(TempRoot))
        {
            var e = Assert.Throws<DissimNetException>(() => FolderLock.Take(TempRoot));
            Assert.Equal($"{TempRoot}: another dissimnet (process {Environment.ProcessId}) is working in this folder; wait for it to finish or stop it, then run the same command again", e.Message);
        }
        using var again = FolderLock.Take(TempRoot); // released with its holder
    }

    [Fact]
    public void TemporariesOfAKilledRunAreRemovedAndNothingElse()
    {
        var fold = Path.Combine(TempRoot, "fold-01", "checkpoints");
        Directory.CreateDirectory(fold);
        var stale = Path.Combine(fold, "epoch-0003.safetensors.4242-7.tmp");
        var kept = new[] { Path.Combine(fold, "epoch-0002.safetensors"), Path.Combine(fold, "notes.tmp") };
        foreach (var f in kept.Append(stale)) File.WriteAllText(f, "x");
        using (FolderLock.Take(TempRoot)) { }
        Assert.False(File.Exists(stale));
        Assert.All(kept, f => Assert.True(File.Exists(f), f));
    }
}
