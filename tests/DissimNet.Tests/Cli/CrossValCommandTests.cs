namespace DissimNet.Tests.Cli;

/// <summary><c>dissimnet crossval</c>'s option errors: one line naming the option, exit code 2, before any training.</summary>
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

    [Theory]
    [InlineData("--repeats", "100000000", "2 folds x 100000000 repeats is 200000000 training runs, more than the 1000 one cross-validation may run (--folds, --repeats)")]
    [InlineData("--bootstrap", "-1", "the number of bootstrap resamples must be from 2 to 1,000,000, got -1 (--bootstrap)")]
    [InlineData("--bootstrap", "0", "the number of bootstrap resamples must be from 2 to 1,000,000, got 0 (--bootstrap)")]
    [InlineData("--jobs", "0", "the number of parallel processes must be at least 1, got 0 (--jobs)")]
    [InlineData("--jobs", "-1", "the number of parallel processes must be at least 1, got -1 (--jobs)")]
    public void OutOfRangeCountsAreRefusedBeforeAnythingRuns(string option, string value, string message)
    {
        var folder = Path.Combine(TempRoot, "cv");
        var (code, stdout, stderr) = CliHarness.Run("crossval", option, value, "--out", folder);
        Assert.Equal(2, code);
        Assert.Equal("error: " + message, stderr.Trim());
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(folder));
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
