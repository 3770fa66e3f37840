namespace DissimNet.Tests.Cli;

/// <summary><c>dissimnet crossval</c>'s option errors: one line naming the option, exit code 2, before any training.</summary>
[Collection("Console")]
public sealed class CrossValCommandTests() : TempFolderTests("crossval-cli")
{
    [Fact]
    public void AFoldOutsideThePlanIsRefusedNamingTheOption()
    {
        var (code, _, stderr) = CliHarness.Run("crossval", "--folds", "2", "--repeats", "1", "--fold", "3", "--out", Path.Combine(TempRoot, "cv"));
        Assert.Equal(2, code);
        Assert.Equal("error: fold 3 is not among folds 1 to 2 (--fold)", stderr.Trim());
    }

    [Fact]
    public void AnEnsembleBelowOneIsRefusedNamingTheOption()
    {
        var (code, _, stderr) = CliHarness.Run("crossval", "--folds", "2", "--repeats", "1", "--ensemble", "0", "--out", Path.Combine(TempRoot, "cv"));
        Assert.NotEqual(0, code);
        Assert.Equal("error: an ensemble needs at least 1 training run per fold, got 0 (--ensemble)", stderr.Trim());
    }

    [Fact]
    public void ImagesWithoutTheirRdmsAreRefused()
    {
        var (code, _, stderr) = CliHarness.Run("crossval", "--images", "x.npy", "--out", Path.Combine(TempRoot, "cv"));
        Assert.Equal(2, code);
        Assert.Contains("(--images, --target)", stderr);
    }

    [Fact]
    public void AFoldFolderReplacedByALinkIsRefusedAndNothingIsTrainedThroughIt()
    {
        var cv = Path.Combine(TempRoot, "cv");
        var (link, outside) = LinkToOutside(Path.Combine(cv, "fold-01"));
        var (code, _, stderr) = CliHarness.Run("crossval", "--folds", "2", "--repeats", "1", "--epochs", "1", "--out", cv);
        Assert.Equal(2, code);
        Assert.Equal($"error: {link}: cannot write (it is a symbolic link, not a folder)", stderr.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }
}
