using DissimNet.Sweeps;
using DissimNet.Tests.Cli;
using DissimNet.Tests.Sweeps;

namespace DissimNet.Tests.Fuzz;

/// <summary>Valid sweep plans, JSON and YAML, that the plan fuzz tests mutate.</summary>
internal static class PlanSeeds
{
    /// <summary>A JSON plan using every top-level key: options, cases, a grid and resources.</summary>
    public const string Json = """
        {
          "command": "train",
          "options": { "images": "data/images.mat:stimuli", "target": "data/rdms.mat:RDMs", "model": "resnet18", "holdout-fraction": 0.5,
                       "layers": "stage4,pool", "epochs": 3 },
          "cases": [ { "preset": "algonauts2019-fmri-early", "weights": "w.pth" }, { "learning-rate": 1e-4, "freeze": "upto:layer1" } ],
          "grid": { "seed": [1, 2, 3], "batch": [8, 16] },
          "resources": { "cpus": 2, "memory": "3G", "time": "00:30:00", "partition": "short", "gpus": 0 }
        }
        """;

    /// <summary>The Algonauts 2019 example plan (comments, flow maps in a list, a quoted time).</summary>
    public static string Yaml => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "sweeps", "algonauts2019.yaml"));

    public static FuzzSeed JsonSeed() => new("plan-json", System.Text.Encoding.UTF8.GetBytes(Json), TruncationMustFail: false,
        [.. PlanMutations.OfJson(Json)]);

    public static FuzzSeed YamlSeed() => new("plan-yaml", System.Text.Encoding.UTF8.GetBytes(Yaml), TruncationMustFail: false,
        [.. PlanMutations.OfYaml(Yaml)]);
}

/// <summary>Fuzzes the sweep plan reader with the generated hostile plans, JSON and YAML: each must be one line or a valid plan,
/// within the fuzz runner's time and memory budget.</summary>
[Collection("Fuzz")]
public sealed class PlanFuzzTests
{
    /// <summary>A plan as everything the reader made of it (command, options, cases, grid, resources).</summary>
    static string Read(string path) => SweepFolder.ToJson(SweepPlanReader.Read(path)).ToJsonString();

    // About 860 generated cases and every cut of the 600-byte plan, plus 150 random byte mutations: a few seconds.
    [Fact]
    public void JsonPlansNeverFailOtherThanWithOneLine() =>
        FuzzRunner.Run("plan-json", ".json", [PlanSeeds.JsonSeed()], Read, randomCases: 150);

    // About 700 generated cases, 400 cuts and 150 random byte mutations: a few seconds.
    [Fact]
    public void YamlPlansNeverFailOtherThanWithOneLine() =>
        FuzzRunner.Run("plan-yaml", ".yaml", [PlanSeeds.YamlSeed()], Read, randomCases: 150);
}

/// <summary>The generated hostile plans given to <c>dissimnet sweep PLAN --out DIR --slurm --dry-run</c>, which checks the plan
/// and every cell's command line and writes the Slurm script without submitting it: each ends in exit 0, or exit 2 with one
/// line on stderr, and writes nothing outside its sweep folder (a sibling folder is compared before and after).</summary>
[Collection("Console")]
public sealed class PlanDryRunFuzzTests() : TempFolderTests("fuzz-plan-dry-run")
{
    // Every third generated case (about 520 of both formats), each a few milliseconds in-process: well under 60 s.
    const int Stride = 3;

    [Fact]
    public void DryRunsOfHostilePlansEndInOneLineOrAScript()
    {
        SweepFixture.UseBuiltCli();
        var outside = Path.Combine(TempRoot, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "file"), "precious");
        var failures = new List<string>();
        int index = 0;
        foreach (var (seed, extension) in new[] { (PlanSeeds.JsonSeed(), ".json"), (PlanSeeds.YamlSeed(), ".yaml") })
            foreach (var (mutation, bytes) in seed.Crafted!.Where((_, k) => k % Stride == 0))
            {
                var plan = Path.Combine(TempRoot, $"plan{index}{extension}");
                var sweep = Path.Combine(TempRoot, $"sweep{index++}");
                File.WriteAllBytes(plan, bytes);
                var (exit, _, err) = CliHarness.Run("sweep", plan, "--out", sweep, "--slurm", "--dry-run");
                var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (exit == 0) { }
                else if (exit != 2 || lines.Length != 1 || !lines[0].StartsWith("error: ", StringComparison.Ordinal))
                    failures.Add($"{seed.Name}: {mutation}: exit {exit}, stderr: {Shorten(err)}");
                var entries = Directory.GetFileSystemEntries(TempRoot).Select(Path.GetFileName).Where(n => n != "outside" && !n!.StartsWith("plan") && !n.StartsWith("sweep")).ToList();
                if (entries.Count > 0) failures.Add($"{seed.Name}: {mutation}: wrote {string.Join(", ", entries)} beside the sweep folder");
                if (Directory.GetFileSystemEntries(outside).Length != 1 || File.ReadAllText(Path.Combine(outside, "file")) != "precious")
                    failures.Add($"{seed.Name}: {mutation}: changed the folder outside");
                if (Directory.Exists(sweep)) Directory.Delete(sweep, recursive: true);
                File.Delete(plan);
            }
        Assert.True(failures.Count == 0, $"{failures.Count} of {index} dry runs failed:\n" + string.Join("\n", failures.Take(25)));
    }

    static string Shorten(string text) => (text.Length <= 300 ? text : text[..300] + "...").ReplaceLineEndings("\\n");
}
