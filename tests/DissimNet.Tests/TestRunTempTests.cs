namespace DissimNet.Tests;

public sealed class TestRunTempTests
{
    [Fact]
    public void TemporaryPathsOfTestsAndTheirChildProcessesAreInsideTheRunFolder()
    {
        Assert.StartsWith(TestRunTemp.Root, Path.GetTempPath());
        var start = new System.Diagnostics.ProcessStartInfo("sh", ["-c", "printf %s \"$TMPDIR\""]) { RedirectStandardOutput = true };
        using var child = System.Diagnostics.Process.Start(start)!;
        Assert.Equal(TestRunTemp.Root, child.StandardOutput.ReadToEnd());
        child.WaitForExit();
    }
}
