using DissimNet.Reports;
using DissimNet.Sweeps;
using DissimNet.Tests.Cli;
using DissimNet.Training;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes the files collect reads in a sweep folder (status.json, score.json, cells.tsv, plan.json and a train cell's
/// run summary): each damaged file must give one line, or a table in which the cell is reported failed with its reason.</summary>
[Collection("Fuzz")]
public sealed class SweepFolderFuzzTests(TinyRun tiny) : IClassFixture<TinyRun>
{
    /// <summary>Runs collect with the sweep's file <paramref name="relative"/> replaced by each mutation of it.</summary>
    static void Fuzz(string reader, Func<string, SweepFolder> make, string relative, int randomCases)
    {
        var sweep = Path.Combine(Path.GetTempPath(), $"dissimnet-fuzz-{reader}-{Guid.NewGuid():N}");
        try
        {
            make(sweep);
            string file = Path.Combine(sweep, relative);
            var original = File.ReadAllBytes(file);
            FuzzRunner.Run(reader, Path.GetExtension(file), [new FuzzSeed(reader, original, TruncationMustFail: false)], path =>
            {
                File.Copy(path, file, overwrite: true);
                return TinySweeps.Collect(sweep);
            }, randomCases);
        }
        finally { if (Directory.Exists(sweep)) Directory.Delete(sweep, recursive: true); }
    }

    static string FirstCell(SweepFolder folder) => Path.GetRelativePath(folder.Path, folder.CellPath(folder.Cells[0]));

    /// <summary>The path of <paramref name="relative"/> in the first cell of the sweep <paramref name="make"/> builds, relative to the sweep.</summary>
    static string InFirstCell(Func<string, SweepFolder> make, string relative)
    {
        var probe = make(Path.Combine(Path.GetTempPath(), $"dissimnet-fuzz-probe-{Guid.NewGuid():N}"));
        Directory.Delete(probe.Path, recursive: true);
        return Path.Combine(FirstCell(probe), relative);
    }

    // Each case collects and writes the three results files (a few ms); 80 random mutations per file besides every cut
    // of files up to 400 bytes (400 cuts of larger ones): about 3,000 cases, 20-40 s on an idle 2-core machine.
    const int RandomCases = 80;

    [Theory]
    [InlineData(SweepFolder.StatusFile)]
    [InlineData(CellSteps.ScoreFile)]
    public void ScoreCellFilesNeverFailOtherThanWithOneLine(string name) =>
        Fuzz($"sweep-{Path.GetFileNameWithoutExtension(name)}", TinySweeps.Score, InFirstCell(TinySweeps.Score, name), RandomCases);

    [Theory]
    [InlineData(SweepFolder.CellsTable)]
    [InlineData(SweepFolder.PlanFile)]
    public void SweepTablesNeverFailOtherThanWithOneLine(string name) =>
        Fuzz($"sweep-{Path.GetFileNameWithoutExtension(name)}", TinySweeps.Score, name, RandomCases);

    [Fact]
    public void ATrainCellsRunSummaryNeverFailsOtherThanWithOneLine()
    {
        SweepFolder Make(string path) => TinySweeps.Train(path, tiny.Folder);
        Fuzz("sweep-run-summary", Make, InFirstCell(Make, Path.Combine(CellSteps.RunFolder, RunFolder.SummaryFile)), RandomCases);
    }
}

/// <summary>Replaces each file and folder of a sweep folder, in turn, by a link to a file or folder outside, a FIFO, a link to
/// /dev/zero, a folder, an empty file or half of itself, and runs <c>dissimnet collect</c> on it; then does the same to a run
/// folder read as report, predict and --resume read it. Each case must end in exit 0, or exit 2 with one line (for the
/// library, a one-line error), within 20 s, and leave a sibling folder "outside" as it was.</summary>
[Collection("Console")]
public sealed class FolderEntryFuzzTests(TinyRun tiny) : TempFolderTests("fuzz-folder-entries"), IClassFixture<TinyRun>
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>Every entry of a fresh copy of the folder <paramref name="make"/> builds, replaced by every kind, then
    /// <paramref name="read"/>; returns the problems found.</summary>
    List<string> Fuzz(string name, Action<string> make, Func<string, string?> read)
    {
        var outside = Replacements.MakeOutside(TempRoot);
        var pristine = Path.Combine(TempRoot, $"{name}-pristine");
        make(pristine);
        Assert.Null(read(pristine)); // the valid folder reads (for collect, its results files are then entries to replace too)
        var problems = new List<string>();
        int cases = 0;
        foreach (var entry in Replacements.Entries(pristine))
            foreach (var kind in Replacements.Kinds)
            {
                var copy = Path.Combine(TempRoot, name);
                if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
                TinySweeps.CopyFolder(pristine, copy);
                string target = Path.Combine(copy, entry);
                if (!Replacements.Apply(target, kind, outside)) continue;
                cases++;
                string before = Replacements.Snapshot(outside);
                string? problem = Replacements.RunCase(() => read(copy), Limit, kind == "FIFO" ? target : null);
                if (problem is null && Replacements.Snapshot(outside) != before) problem = "changed the folder outside";
                var stray = Directory.GetFileSystemEntries(TempRoot).Select(Path.GetFileName).Except([name, $"{name}-pristine", "outside"]).ToList();
                if (problem is null && stray.Count > 0) problem = $"wrote {string.Join(", ", stray)} beside the folder";
                if (problem is not null) problems.Add($"{name}: {entry} replaced by a {kind}: {problem}");
            }
        Assert.True(cases > 20, $"only {cases} cases");
        return problems;
    }

    /// <summary>dissimnet collect: exit 0, or exit 2 with one line on stderr.</summary>
    static string? Collect(string sweep)
    {
        var (exit, _, err) = CliHarness.Run("collect", sweep);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return exit == 0 || (exit == 2 && lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal)) ? null
            : $"exit {exit}, stderr: {(err.Length > 300 ? err[..300] : err).ReplaceLineEndings("\\n")}";
    }

    // About 20 entries x 7 kinds per sweep, each a collect of a few ms: a few seconds.
    [Fact]
    public void CollectOfAScoreSweepWithAnEntryReplacedEndsInOneLineOrAResult()
    {
        var problems = Fuzz("score-sweep", p => TinySweeps.Score(p), Collect);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(25)));
    }

    [Fact]
    public void CollectOfATrainSweepWithAnEntryReplacedEndsInOneLineOrAResult()
    {
        var problems = Fuzz("train-sweep", p => TinySweeps.Train(p, tiny.Folder), Collect);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(25)));
    }

    /// <summary>A run folder as report (<see cref="RunFolderReader"/>), predict and export (the best weights) and --resume (the
    /// last epoch's weights) read it.</summary>
    [Fact]
    public void RunReadersWithAnEntryReplacedEndInOneLineOrAResult()
    {
        var problems = Fuzz("run", p => TinySweeps.CopyFolder(tiny.Folder, p), run =>
        {
            var folder = new RunFolder(run);
            folder.ReadSummary();
            folder.LoadWeights(tiny.Net.Module, best: true);
            folder.LoadWeights(tiny.Net.Module, best: false);
            RunFolderReader.Read(run);
            return null;
        });
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(25)));
    }
}
