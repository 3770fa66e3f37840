using System.Diagnostics;
using DissimNet.Sweeps;
using DissimNet.Tests.Cli;

namespace DissimNet.Tests.Sweeps;

/// <summary>The same sweep through a real Slurm (a one-node cluster on this machine, started by .ci/run with build/slurm/install-local-slurm.sh):
/// submitted with sbatch, collected, re-submitted for the failed cell only, and equal to a local run.</summary>
public sealed class SlurmSweepTests() : TempFolderTests("sweep-slurm")
{
    [SlurmFact]
    public void AJobArrayRunsTheCellsAndMatchesALocalRun()
    {
        SlurmFactAttribute.RequireCluster();
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

    internal static void WaitFor(string job)
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

/// <summary>A fact that needs a running Slurm cluster: runs only when DISSIMNET_TEST_SLURM=1, otherwise skipped with the reason.</summary>
/// <remarks>The tests never install or start anything: .ci/run (or a developer, with build/slurm/install-local-slurm.sh) starts a
/// one-node cluster, sets the variable, and stops the daemons afterwards.</remarks>
internal sealed class SlurmFactAttribute : FactAttribute
{
    public const string Variable = "DISSIMNET_TEST_SLURM";

    public SlurmFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"needs a running Slurm cluster: set {Variable}=1 after starting one (build/slurm/install-local-slurm.sh; .ci/run does both)";
    }

    /// <summary>Fails the test with a clear message when the variable asks for Slurm but no cluster answers.</summary>
    public static void RequireCluster()
    {
        var (exit, output) = (-1, "");
        try { (exit, output) = SweepFixture.Run("sinfo", "-h", "-o", "%t"); }
        catch (System.ComponentModel.Win32Exception e) { output = e.Message; } // not installed
        Assert.True(exit == 0, $"{Variable}=1 but sinfo does not answer ({output.Trim()}); start a cluster first (build/slurm/install-local-slurm.sh)");
    }
}
