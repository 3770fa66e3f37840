using DissimNet.Cli.Jobs;
using System.Diagnostics;
using DissimNet.Sweeps;
using DissimNet.Tests.Algonauts;

namespace DissimNet.Tests.Sweeps;

/// <summary>A plan of four tiny training cells on a synthetic Algonauts layout, one made to fail (a layer the network does not have),
/// and a dissimnet the cells can run: the CLI built beside the tests, started with dotnet.</summary>
internal static class SweepFixture
{
    /// <summary>The four values of the grid's one axis; the last is not a layer of ResNet-18.</summary>
    public static readonly string[] TrainLayers = ["layer4", "layer3", "layer2", "layer9"];

    /// <summary>Writes the layout and the plan under <paramref name="root"/> and returns the plan's path.</summary>
    public static string WritePlan(string root, int cpus = 1)
    {
        var layout = AlgonautsTrainingLayoutTests.MakeLayout(Path.Combine(root, "data"));
        var plan = Path.Combine(root, "plan.json");
        File.WriteAllText(plan, $$"""
            {
              "command": "train",
              "options": {
                "algonauts": "{{layout}}", "track": "fmri", "region": "IT", "model": "resnet18", "size": 32,
                "freeze": "upto:layer1", "layers": "layer2,layer3,layer4", "holdout-fraction": 0.25, "epochs": 1, "batch": 8, "seed": 3
              },
              "grid": { "train-layer": [{{string.Join(", ", TrainLayers.Select(l => $"\"{l}\""))}}] },
              "resources": { "cpus": {{cpus}}, "memory": "2G", "time": "00:10:00" }
            }
            """);
        return plan;
    }

    /// <summary>Points sweeps at the CLI built beside the tests (the test host is not dissimnet).</summary>
    public static void UseBuiltCli() =>
        Environment.SetEnvironmentVariable(DissimNetExecutable.EnvironmentVariable, Path.Combine(AppContext.BaseDirectory, "DissimNet.Cli.dll"));

    /// <summary>The collected table as (cell id, status, metrics) text, for comparing two runs of the same plan.</summary>
    public static string[] Table(string sweep)
    {
        var results = SweepCollector.Collect(SweepFolder.Open(sweep));
        return results.Rows.Select(r => $"{r.Cell.Id} {SweepResultFiles.Name(r.Status.State)} "
            + string.Join(" ", r.Metrics.Where(m => m.Key != "train_seconds").Select(m => $"{m.Key}={m.Value:R}"))).ToArray();
    }

    /// <summary>Runs a program and returns its exit code and output.</summary>
    public static (int Exit, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
