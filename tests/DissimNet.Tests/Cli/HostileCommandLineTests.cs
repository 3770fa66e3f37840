using DissimNet.Cli;

namespace DissimNet.Tests.Cli;

/// <summary>Command-line words the parser must take as they are: "@PATH" is a value, never a response file to read in
/// (which would quote the file back in messages), and an --epoch that is not a whole number is one line, not a stack trace.</summary>
public sealed class HostileCommandLineTests() : TempFolderTests("hostile-command-line")
{
    /// <summary>A file that reads as a response file (an option and its value) and holds a line of a shadow file.</summary>
    string Secret() => TempFile("secret", "--metric pearson\nroot:secret-hash-7f3a:19000:0:99999:7:::\n");

    [Fact]
    public void AnAtWordIsAValueAndTheFileItNamesIsNeverRead()
    {
        var secret = Secret();
        var (exit, _, err) = CliHarness.Run("score", "--model", "@" + secret, "--target", Path.Combine(TempRoot, "target.npy"));
        Assert.Equal(2, exit);
        Assert.DoesNotContain("secret-hash", err);
        Assert.Contains("@" + secret, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void EveryParseOfTheCliKeepsAnAtWordAsOneToken()
    {
        var secret = Secret();
        var parse = CliRunner.Parse(CliHarness.Root(), ["score", "--model", "@" + secret, "--target", "t.npy"]);
        Assert.Equal(["score", "--model", "@" + secret, "--target", "t.npy"], parse.Tokens.Select(t => t.Value));
        Assert.DoesNotContain(parse.Tokens, t => t.Value.Contains("secret-hash", StringComparison.Ordinal) || t.Value == "pearson");
    }

    [Theory]
    [InlineData("export", "abc")]
    [InlineData("export", "99999999999")]
    [InlineData("export", "2-1")]
    [InlineData("predict", "1.5")]
    public void AnEpochThatIsNotAWholeNumberIsOneLine(string command, string epoch)
    {
        string[] args = command == "export"
            ? ["export", "--run", Path.Combine(TempRoot, "run"), "--out", Path.Combine(TempRoot, "x.onnx"), "--epoch", epoch]
            : ["predict", "--run", Path.Combine(TempRoot, "run"), "--images", Path.Combine(TempRoot, "images"), "--out", Path.Combine(TempRoot, "x.npy"), "--epoch", epoch];
        var (exit, _, err) = CliHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal($"error: --epoch must be 0 (before training) or a trained epoch (a whole number), got '{epoch}' (see dissimnet {command} --help)", err.Trim());
    }
}
