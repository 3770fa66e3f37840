using DissimNet.Sweeps;
using DissimNet.Tests.Cli;

namespace DissimNet.Tests.Sweeps;

/// <summary>Plan values that would be read as options, plans that are not valid UTF-8, cells.tsv fields that could break
/// their row, and collect's outputs checked all before any is written.</summary>
public sealed class PlanValueEdgeTests() : TempFolderTests("plan-edges")
{
    string Plan(string json) => TempFile($"plan-{Guid.NewGuid():N}.json", json);

    /// <summary>Found by the plan fuzzer: the JSON parser accepts an escaped lone surrogate, which only fails when the string is decoded.</summary>
    [Theory]
    [InlineData("""{"command": "tr\ud800ain"}""")]
    [InlineData("""{"command": "train", "options": {"mo\udc00del": "x"}}""")]
    public void AnEscapedLoneSurrogateIsOneLine(string json)
    {
        var plan = Plan(json);
        Assert.Equal($"{plan}: not valid JSON (a string escapes half of a UTF-16 surrogate pair, such as \\ud800 alone)",
            Assert.Throws<DissimNetException>(() => SweepPlanReader.Read(plan)).Message);
    }

    [Theory]
    [InlineData("""{"command": "train", "options": {"model": "--help"}}""", "options.model", "--help")]
    [InlineData("""{"command": "train", "options": {"model": "resnet18"}, "grid": {"layers": ["stage4", "-o"]}}""", "grid.layers", "-o")]
    [InlineData("""{"command": "train", "options": {"images": "--out=/elsewhere"}}""", "options.images", "--out=/elsewhere")]
    public void AValueThatStartsWithADashIsRefused(string json, string where, string value)
    {
        var plan = Plan(json);
        var e = Assert.Throws<DissimNetException>(() => SweepPlanReader.Read(plan));
        Assert.Equal($"{plan}: {where}: a plan value may not start with '-' (it would be read as an option), got '{value}'; only negative numbers may", e.Message);
    }

    [Fact]
    public void ANegativeNumberWrittenAsTextIsStillAValue()
    {
        var plan = SweepPlanReader.Read(Plan("""{"command": "train", "options": {"model": "resnet18", "weight-decay": "-1e-4"}, "grid": {"seed": ["-3", -4]}}"""));
        Assert.Equal(["-3", "-4"], plan.Grid.Single().Values);
    }

    [Fact]
    public void APlanThatIsNotValidUtf8IsOneLine()
    {
        Directory.CreateDirectory(TempRoot);
        var plan = Path.Combine(TempRoot, "latin1.json");
        File.WriteAllBytes(plan, [.. "{\"command\": \"train\", \"options\": {\"model\": \"caf"u8, 0xE9, .. "\"}}"u8]);
        var e = Assert.Throws<DissimNetException>(() => SweepPlanReader.Read(plan));
        Assert.StartsWith($"{plan}: not valid UTF-8 text", e.Message);
        Assert.EndsWith("expected a sweep plan, saved as UTF-8", e.Message);
        var (exit, _, stderr) = CliHarness.Run("sweep", plan, "--out", Path.Combine(TempRoot, "sweep"), "--slurm", "--dry-run");
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {plan}: not valid UTF-8 text", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\tb", "a\\tb")]
    [InlineData("line\nbreak\r", "line\\nbreak\\r")]
    [InlineData(@"C:\data", @"C:\\data")]
    public void TsvFieldsNeverBreakTheirRow(string value, string field) => Assert.Equal(field, SweepFolder.TsvField(value));

    [Fact]
    public void CellsTsvHasOneRowPerCellWithBackslashesEscaped()
    {
        var folder = SweepFolder.Create(Path.Combine(TempRoot, "sweep"),
            SweepPlanReader.Read(Plan("""{"command": "train", "options": {"model": "resnet18"}, "grid": {"images": ["a\\b", "c"]}}""")));
        var rows = File.ReadAllLines(Path.Combine(folder.Path, SweepFolder.CellsTable));
        Assert.Equal(3, rows.Length);
        Assert.All(rows, row => Assert.Equal(3, row.Split('\t').Length));
        Assert.EndsWith("\ta\\\\b", rows[1]);
    }

    [Fact]
    public void CollectWritesNothingWhenAnyResultCannotBeWritten()
    {
        var folder = SweepFolder.Create(Path.Combine(TempRoot, "sweep"),
            SweepPlanReader.Read(Plan("""{"command": "rdm-score", "options": {"images": "x"}, "grid": {"layers": ["a"]}}""")));
        Directory.CreateDirectory(Path.Combine(folder.Path, SweepFolder.ResultsHtml));
        var (exit, stdout, stderr) = CliHarness.Run("collect", folder.Path);
        Assert.Equal(2, exit);
        Assert.Equal($"error: {Path.Combine(folder.Path, SweepFolder.ResultsHtml)}: cannot write (it is a folder, not a regular file)", stderr.Trim());
        Assert.Empty(stdout);
        Assert.False(File.Exists(Path.Combine(folder.Path, SweepFolder.ResultsCsv)));
        Assert.False(File.Exists(Path.Combine(folder.Path, SweepFolder.ResultsJson)));
    }
}
