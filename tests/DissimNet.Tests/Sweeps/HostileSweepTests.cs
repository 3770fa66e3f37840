using DissimNet.Cli.Jobs;
using System.Text;
using System.Text.Json;
using DissimNet.IO;
using DissimNet.Sweeps;

namespace DissimNet.Tests.Sweeps;

/// <summary>A sweep given hostile input: plan values that would add lines or options to the Slurm script, folders whose names
/// sbatch reads specially, links planted in the sweep folder, a "dissimnet" that exits 0 without doing anything, values a
/// spreadsheet would run as formulas, and repeated keys. Each is refused in one line, or made harmless.</summary>
public sealed class HostileSweepTests() : TempFolderTests("sweep-hostile")
{
    string Plan(string json, string extension = ".json") => TempFile($"plan-{Guid.NewGuid():N}{extension}", json);

    static string Resources(string key, string value) =>
        "{\"command\": \"train\", \"options\": {\"model\": \"resnet18\"}, \"resources\": {" + JsonSerializer.Serialize(key) + ": " + JsonSerializer.Serialize(value) + "}}";

    const string NoControl = "control characters (line breaks, tabs...) are not allowed in a plan value, got ", Expected = "expected ";

    [Theory]
    [InlineData("memory", "1G\ntouch /tmp/x; exit 0", NoControl)]
    [InlineData("time", "01:00:00\ntouch /tmp/x", NoControl)]
    [InlineData("partition", "gpu\rtouch /tmp/x", NoControl)]
    [InlineData("partition", "local --output=/tmp/elsewhere_%A.log", Expected)]
    [InlineData("partition", "a,,b", Expected)]
    [InlineData("memory", "4 GB", Expected)]
    [InlineData("memory", "4G;id", Expected)]
    [InlineData("memory", "-4G", Expected)]
    [InlineData("time", "1:00:00:00", Expected)]
    [InlineData("time", "tomorrow", Expected)]
    [InlineData("time", "1-", Expected)]
    public void AResourceWithALineBreakOrOutsideSlurmsSyntaxIsRefused(string key, string value, string reason)
    {
        var plan = Plan(Resources(key, value));
        var e = Assert.Throws<DissimNetException>(() => SweepPlanReader.Read(plan));
        Assert.StartsWith($"{plan}: resources.{key}: {reason}", e.Message);
        // One line: a control character is shown as \xNN.
        Assert.EndsWith($"got '{value.Replace("\n", "\\x0A").Replace("\r", "\\x0D")}'", e.Message);
    }

    [Theory]
    [InlineData("memory", "4G")]
    [InlineData("memory", "4000M")]
    [InlineData("memory", "4000")]
    [InlineData("memory", "16g")]
    [InlineData("time", "30")]
    [InlineData("time", "30:00")]
    [InlineData("time", "01:30:00")]
    [InlineData("time", "2-12")]
    [InlineData("time", "2-12:30")]
    [InlineData("time", "2-12:30:00")]
    [InlineData("partition", "gpu")]
    [InlineData("partition", "gpu.long,cpu_a-1")]
    public void SlurmsOwnSyntaxIsAccepted(string key, string value)
    {
        var r = SweepPlanReader.Read(Plan(Resources(key, value))).Resources;
        Assert.Equal(value, key switch { "memory" => r.Memory, "time" => r.Time, _ => r.Partition });
    }

    [Fact]
    public void ALineBreakInAnyPlanValueIsRefused()
    {
        var grid = Plan("""{"command": "train", "options": {"model": "resnet18"}, "grid": {"seed": ["1", "2\nrm -rf ~"]}}""");
        Assert.StartsWith($"{grid}: grid.seed: control characters", Assert.Throws<DissimNetException>(() => SweepPlanReader.Read(grid)).Message);
        var option = Plan("""{"command": "train", "options": {"model": "resnet18\u001b[2J"}}""");
        Assert.StartsWith($"{option}: options.model: control characters", Assert.Throws<DissimNetException>(() => SweepPlanReader.Read(option)).Message);
    }

    [Fact]
    public void CodeBuiltResourcesAreCheckedByTheScriptBuilderToo()
    {
        var folder = SweepFolder.Create(Path.Combine(TempRoot, "sweep"), SweepPlanReader.Read(Plan("""{"command": "train", "options": {"model": "resnet18"}}""")));
        var hostile = SweepFolder.Preview(folder.Path, folder.Plan with { Resources = new CellResources(Memory: "1G\necho hi") });
        Assert.Throws<DissimNetException>(() => SlurmSweep.WriteScript(hostile, SlurmCells.TaskCommand(hostile, new DissimNetExecutable("/bin/true", []))));
        Assert.False(File.Exists(Path.Combine(folder.Path, SweepFolder.SlurmScript)));
    }

    /// <summary>The words sbatch reads from an #SBATCH line: double quotes group, a backslash escapes the next character, an unescaped '#' ends the line.</summary>
    static List<string> SbatchArguments(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool quoted = false, escaped = false, any = false;
        foreach (char c in line["#SBATCH".Length..])
        {
            if (escaped) { word.Append(c); escaped = false; any = true; }
            else if (c == '\\') escaped = true;
            else if (c == '"') { quoted = !quoted; any = true; }
            else if (c == '#') break;
            else if (char.IsWhiteSpace(c) && !quoted) { if (any) words.Add(word.ToString()); word.Clear(); any = false; }
            else { word.Append(c); any = true; }
        }
        if (any) words.Add(word.ToString());
        return words;
    }

    [Fact]
    public void PathsInTheScriptReachSbatchWholeWhateverTheirSpacesApostrophesQuotesAndHashes()
    {
        var plan = SweepPlanReader.Read(Plan("""{"command": "train", "options": {"model": "resnet18"}, "resources": {"partition": "short"}}"""));
        var folder = SweepFolder.Create(Path.Combine(TempRoot, "it's a \"#1\" sweep"), plan);
        var (script, _) = SlurmSweep.WriteScript(folder, SlurmCells.TaskCommand(folder, new DissimNetExecutable("/bin/true", [])));
        var sweep = Path.GetFullPath(folder.Path);
        var options = File.ReadAllLines(script).Where(l => l.StartsWith("#SBATCH", StringComparison.Ordinal)).Select(SbatchArguments).ToList();
        Assert.All(options, words => Assert.Single(words));
        var all = options.Select(w => w[0]).ToList();
        Assert.Contains($"--output={sweep}/slurm/%A_%a.out", all);
        Assert.Contains($"--chdir={Environment.CurrentDirectory}", all);
        Assert.Contains("--job-name=dissimnet-it's a \"#1\" sweep", all);
        Assert.Contains("--partition=short", all);
        Assert.Contains($"exec /bin/true sweep-cell {ShellQuote.Word(sweep)} ", File.ReadAllText(script));
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("100%")]
    [InlineData("back\\slash")]
    public void ASweepFolderSbatchCannotBeToldIsRefusedBeforeAnythingIsWritten(string name)
    {
        var path = Path.Combine(TempRoot, name);
        var e = Assert.Throws<DissimNetException>(() => SlurmSweep.CheckFolder(path));
        Assert.Contains("choose another folder", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(path));
    }

    static CellRunner Runner(SweepFolder folder, DissimNetExecutable exe) => new(folder, new ChildProcesses(exe, 1));

    /// <summary>A score file as the library writes it, with <paramref name="rest"/> (e.g. a mean and a noise ceiling) after its required fields.</summary>
    internal static string ScoreFile(string rest) =>
        "{\"method\": \"spearman\", \"condition_count\": 12, \"time_count\": 1, \"per_subject\": [0.2, 0.3], \"mean_r2\": 0.065, " + rest + "}";

    /// <summary>A stand-in for dissimnet: records its calls, writes rdm.npy and, as score's --out, the score file in score.txt beside it (or writes a run's summary).</summary>
    DissimNetExecutable Fake(string? score = null)
    {
        Directory.CreateDirectory(TempRoot);
        File.WriteAllText(Path.Combine(TempRoot, "score.txt"), score ?? ScoreFile("\"mean\": 0.25"));
        var script = Path.Combine(TempRoot, "fake-dissimnet");
        File.WriteAllText(script, """
            #!/bin/bash
            here="$(dirname "$0")"
            echo "$*" >> "$here/calls.txt"
            prev=""; for a in "$@"; do [[ $prev == --out ]] && out="$a"; prev="$a"; done
            case $1 in
              rdm) echo rdm > "$out" ;;
              score) cat "$here/score.txt" > "$out" ;;
              train) mkdir -p "$out"; echo '{"best": {"layer": "layer4", "epoch": 0, "score": 0.5}}' > "$out/summary.json" ;;
            esac
            """.Replace("\r", ""));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return DissimNetExecutable.FromPath(script);
    }

    SweepFolder Sweep(string command, string grid = """{"layers": ["a"]}""") =>
        SweepFolder.Create(Path.Combine(TempRoot, "sweep"), SweepPlanReader.Read(Plan($$"""{"command": "{{command}}", "options": {"images": "x"}, "grid": {{grid}}}""")));

    string Outside(string content = "precious")
    {
        var outside = Path.Combine(TempRoot, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "file"), content);
        return outside;
    }

    [Fact]
    public void ACellFolderReplacedByALinkIsRefusedAndNothingIsWrittenOutside()
    {
        var exe = Fake();
        var folder = Sweep("rdm-score");
        var outside = Outside();
        Directory.CreateDirectory(Path.Combine(folder.Path, SweepFolder.CellsFolder));
        Directory.CreateSymbolicLink(folder.CellPath(folder.Cells[0]), outside);
        var e = Assert.Throws<DissimNetException>(() => Runner(folder, exe).Run(folder.Cells[0]));
        Assert.Equal($"{folder.CellPath(folder.Cells[0])}: cannot write (it is a symbolic link, not a folder)", e.Message);
        Assert.Equal(["file"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(TempRoot, "calls.txt")));
    }

    [Theory]
    [InlineData(SweepFolder.CommandFile)]
    [InlineData(SweepFolder.StderrLog)]
    [InlineData(CellSteps.RdmFile)]
    [InlineData(CellSteps.ScoreFile)]
    [InlineData(SweepFolder.StatusFile)]
    public void AFileOfACellReplacedByALinkIsNotWrittenThrough(string name)
    {
        var exe = Fake();
        var folder = Sweep("rdm-score");
        var target = Path.Combine(Outside(), "file");
        var cell = folder.CellPath(folder.Cells[0]);
        Directory.CreateDirectory(cell);
        File.CreateSymbolicLink(Path.Combine(cell, name), target);
        var e = Assert.Throws<DissimNetException>(() => Runner(folder, exe).Run(folder.Cells[0]));
        Assert.StartsWith($"{Path.Combine(cell, name)}: cannot write (it is a symbolic link", e.Message);
        Assert.Equal("precious", File.ReadAllText(target));
    }

    [Fact]
    public void ARunFolderReplacedByALinkIsRefusedBeforeTheStepRuns()
    {
        var exe = Fake();
        var folder = Sweep("train", """{"seed": [1]}""");
        var outside = Outside();
        var cell = folder.CellPath(folder.Cells[0]);
        Directory.CreateDirectory(cell);
        Directory.CreateSymbolicLink(Path.Combine(cell, CellSteps.RunFolder), outside);
        var e = Assert.Throws<DissimNetException>(() => Runner(folder, exe).Run(folder.Cells[0]));
        Assert.Equal($"{Path.Combine(cell, CellSteps.RunFolder)}: cannot write (it is a symbolic link, not a folder)", e.Message);
        Assert.False(File.Exists(Path.Combine(TempRoot, "calls.txt")));
        Assert.Equal(["file"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
    }

    [Fact]
    public void CollectDoesNotWriteThroughALinkedResultsFile()
    {
        var folder = Sweep("rdm-score");
        var target = Path.Combine(Outside(), "file");
        File.CreateSymbolicLink(Path.Combine(folder.Path, SweepFolder.ResultsCsv), target);
        Assert.Throws<DissimNetException>(() => SweepResultFiles.Write(SweepCollector.Collect(folder)));
        Assert.Equal("precious", File.ReadAllText(target));
    }

    [Theory]
    [InlineData("rdm-score")]
    [InlineData("train")]
    [InlineData("crossval")]
    public void ACellWhoseProgramExits0WithoutAResultIsNotDone(string command)
    {
        var folder = Sweep(command);
        var status = Runner(folder, DissimNetExecutable.FromPath("/bin/true")).Run(folder.Cells[0]);
        Assert.Equal(CellState.Failed, status.State);
        Assert.Equal(command == "rdm-score" ? $"rdm exited with code 0 but wrote no {Path.Combine(folder.CellPath(folder.Cells[0]), CellSteps.RdmFile)}"
            : $"{command} exited with code 0 but wrote no {Path.Combine(folder.CellPath(folder.Cells[0]), command == "train" ? CellSteps.RunFolder : CellSteps.CrossvalFolder)}", status.Error);
        Assert.Equal(0, status.ExitCode);
        Assert.Equal(CellState.Failed, folder.Status(folder.Cells[0]).State);
        Assert.Equal([folder.Cells[0]], folder.Unfinished());
    }

    [Fact]
    public void ARunFolderWithoutAValidSummaryIsNotDone()
    {
        var folder = Sweep("train", """{"seed": [1]}""");
        var exe = Fake();
        File.WriteAllText(exe.FileName, File.ReadAllText(exe.FileName).Replace("\"score\": 0.5", "\"score\": null"));
        var status = Runner(folder, exe).Run(folder.Cells[0]);
        Assert.Equal(CellState.Failed, status.State);
        Assert.StartsWith("train exited with code 0 but left no valid result: ", status.Error);
        Assert.EndsWith("summary.json: selected score (validation) is missing, expected a finite number from -1 to 1", status.Error);
    }

    [Theory]
    [InlineData("""{"state": 5}""", "unknown state 5")]
    [InlineData("""{"state": "done", "exit_code": 0}""", null)]
    public void AStatusNoVersionWritesCountsAsFailed(string json, string? reason)
    {
        var folder = Sweep("rdm-score");
        var cell = folder.Cells[0];
        Directory.CreateDirectory(folder.CellPath(cell));
        File.WriteAllText(folder.StatusPath(cell), json);
        var status = folder.Status(cell);
        if (reason is null) Assert.Equal(CellState.Done, status.State);
        else
        {
            Assert.Equal(CellState.Failed, status.State);
            Assert.Contains(reason, status.Error);
            Assert.Contains(cell, folder.Unfinished());
        }
    }

    [Theory]
    [InlineData("\"mean\": 7", "is 7, expected a finite number from -1 to 1")]
    [InlineData("\"mean\": \"NaN\"", "is missing")]
    [InlineData("\"mean\": \"0.5\"", "not a score file")]
    [InlineData(null, "not a score file")]
    [InlineData("\"mean\": 0.2, \"noise_ceiling\": {\"lower\": 0.6, \"upper\": 0.4}", "noise ceiling 0.6 .. 0.4, expected a lower bound at most the upper")]
    [InlineData("\"mean\": 0.2, \"noise_ceiling\": {\"lower\": 0.3, \"upper\": 42}", "noise ceiling 0.3 .. 42, expected")]
    public void AScoreThatDoesNotValidateLeavesTheCellFailed(string? rest, string reason)
    {
        var folder = Sweep("rdm-score");
        // Without a mean (a required field) the file is not a score.
        var status = Runner(folder, Fake(rest is null ? """{"method": "spearman"}""" : ScoreFile(rest))).Run(folder.Cells[0]);
        Assert.Equal(CellState.Failed, status.State);
        Assert.Contains(reason, status.Error);
        // A good score makes the same cell done (the rdm is kept, only score runs again).
        var done = Runner(folder, Fake()).Run(folder.Cells[0]);
        Assert.Equal(CellState.Done, done.State);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x.example\",\"y\")", "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("-1e-05", "-1e-05")]
    [InlineData("+3", "+3")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("resnet18", "resnet18")]
    public void CsvFieldsAreNeverFormulasAndAreQuotedAsRfc4180Says(string value, string field) => Assert.Equal(field, SweepResultFiles.Field(value));

    [Fact]
    public void APlanValueThatLooksLikeAFormulaIsEscapedInResultsCsv()
    {
        var exe = Fake();
        var folder = Sweep("rdm-score", """{"layers": ["=1+2", "-1"]}""");
        LocalCells.Run(folder, exe, jobs: 1);
        var rows = SweepResultFiles.Csv(SweepCollector.Collect(folder)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^0,layers-1-2-[0-9a-f]{8},'=1\+2,done,", rows[1]);
        Assert.Matches(@"^1,layers-1-[0-9a-f]{8},-1,done,", rows[2]);
    }

    [Theory]
    [InlineData("""{"command": "train", "options": {"model": "resnet18", "model": "alexnet"}}""", ".json")]
    [InlineData("command: train\noptions:\n  model: resnet18\n  model: alexnet\n", ".yaml")]
    [InlineData("command: train\noptions:\n  model: resnet18\n  !!str model: alexnet\n", ".yaml")] // two keys to YAML (tags differ), one text
    [InlineData("command: train\noptions:\n  ? [model]\n  : resnet18\n", ".yaml")]
    public void ARepeatedOrNonTextKeyIsOneLine(string text, string extension)
    {
        var plan = Plan(text, extension);
        var e = Assert.Throws<DissimNetException>(() => SweepPlanReader.Read(plan));
        Assert.StartsWith($"{plan}: not valid {(extension == ".json" ? "JSON" : "YAML")} (", e.Message);
        Assert.Matches(extension == ".json" ? "model" : @"\(line [0-9]+: (Duplicate key|a key must be a text)", e.Message);
    }
}
