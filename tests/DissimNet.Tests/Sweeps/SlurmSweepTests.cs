using System.Diagnostics;
using DissimNet.Sweeps;
using DissimNet.Tests.Cli;

namespace DissimNet.Tests.Sweeps;

/// <summary>The same sweep through a real Slurm (a one-node cluster on this machine, set up by build/slurm/install-local-slurm.sh):
/// submitted with sbatch, collected, re-submitted for the failed cell only, and equal to a local run.</summary>
[Collection("Console")]
public sealed class SlurmSweepTests() : TempFolderTests("sweep-slurm")
{
    [SlurmFact]
    public void AJobArrayRunsTheCellsAndMatchesALocalRun()
    {
        SweepFixture.UseBuiltCli();
        var plan = SweepFixture.WritePlan(TempRoot, cpus: 1);
        var sweep = Path.Combine(TempRoot, "slurm");
        var (code, stdout, stderr) = CliHarness.Run("sweep", plan, "--out", sweep, "--slurm");
        Assert.True(code == 0, stderr);
        var job = System.Text.RegularExpressions.Regex.Match(stdout, @"submitted job array (\d+) \(4 tasks").Groups[1].Value;
        Assert.NotEmpty(job);
        WaitFor(job);

        (code, stdout, _) = CliHarness.Run("collect", sweep);
        Assert.Contains("4 cells: 3 done, 1 failed", stdout);
        Assert.Matches(@"failed: train-layer-layer9-[0-9a-f]{8}: error: .*layer9", stdout);

        // Re-submitting sends only the failed cell.
        (code, stdout, stderr) = CliHarness.Run("sweep", plan, "--out", sweep, "--slurm");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"submitted job array \d+ \(1 tasks", stdout);
        Assert.Contains("#SBATCH --array=3", File.ReadAllLines(Path.Combine(sweep, SweepFolder.SlurmScript)));
        WaitFor(System.Text.RegularExpressions.Regex.Match(stdout, @"job array (\d+)").Groups[1].Value);

        // --local 2 (one thread per cell, as one CPU per Slurm task) gives the same table.
        var local = Path.Combine(TempRoot, "local");
        CliHarness.Run("sweep", plan, "--out", local, "--local", "2");
        Assert.Equal(SweepFixture.Table(local), SweepFixture.Table(sweep));
    }

    static void WaitFor(string job)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            var (exit, output) = SweepFixture.Run("squeue", "-h", "-j", job);
            if (exit == 0 && output.Trim().Length == 0) return;
            if (exit != 0 && output.Contains("Invalid job id")) return;
            Thread.Sleep(1000);
        }
        throw new TimeoutException($"Slurm job {job} did not finish in 5 minutes");
    }
}

/// <summary>A fact that needs Slurm: runs when sbatch answers, or when this is root and the repository's installer sets up a
/// one-node cluster (as in CI); otherwise skipped with the reason.</summary>
internal sealed class SlurmFactAttribute : FactAttribute
{
    static readonly Lazy<string?> Unavailable = new(Probe);

    public SlurmFactAttribute()
    {
        if (Unavailable.Value is { } why) Skip = why;
    }

    static string? Probe()
    {
        if (Answers()) return null;
        if (Environment.GetEnvironmentVariable("DISSIMNET_TEST_SLURM") == "0") return "Slurm tests turned off (DISSIMNET_TEST_SLURM=0)";
        if (Environment.UserName != "root") return "Slurm is not installed and installing it needs root (build/slurm/install-local-slurm.sh)";
        var script = Path.Combine(TestPaths.RepoRoot, "build", "slurm", "install-local-slurm.sh");
        // Bounded: an unreachable package archive must skip the test, not hang the run.
        var (exit, output) = SweepFixture.Run("timeout", "300", "bash", script);
        return exit == 0 && Answers() ? null : $"could not set up a one-node Slurm cluster: {output.Trim().Split('\n').LastOrDefault()}";
    }

    static bool Answers()
    {
        try
        {
            return SweepFixture.Run("sinfo", "-h", "-o", "%t").Exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
