using System.Diagnostics;

namespace DissimNet.Tests.Cli;

/// <summary>A dissimnet started by a runner (a crossval fold process, a sweep cell) stops by itself when its runner is killed,
/// so that nothing keeps writing into folders a rerun is using.</summary>
// Times how fast the child stops (within 2 s): beside the CLI tests, which now run in parallel in this process on 2 cores, it
// took 2.5 s twice; it runs alone instead.
[Collection("Stopwatch")]
public sealed class ParentWatchTests() : TempFolderTests("parent-watch")
{
    static string Cli => Path.Combine(AppContext.BaseDirectory, "DissimNet.Cli.dll");

    /// <summary>A command that runs for many seconds: RDMs of all 92 images through a network.</summary>
    string[] LongCommand() =>
    [
        "rdm", "--images", TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image",
        "--model", "vgg16", "--size", "128", "--out", Path.Combine(TempRoot, "x.mat"),
    ];

    [Fact]
    public void AChildWhoseRunnerIsKilledStopsWithinTwoSeconds()
    {
        if (!OperatingSystem.IsLinux()) return;
        Directory.CreateDirectory(TempRoot);
        var pidFile = Path.Combine(TempRoot, "child.pid");
        // The runner: a shell that starts the child marked with the shell's own pid, as a runner marks its children, then waits.
        var child = string.Join(' ', new[] { "dotnet", Cli }.Concat(LongCommand()).Select(w => $"'{w}'"));
        var script = $"DISSIMNET_PARENT_PID=$$ {child} >/dev/null 2>&1 & echo $! > '{pidFile}'; wait";
        using var runner = Process.Start(new ProcessStartInfo("sh", ["-c", script]))!;
        var clock = Stopwatch.StartNew();
        while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the child did not start");
            Thread.Sleep(50);
        }
        int pid = int.Parse(File.ReadAllText(pidFile).Trim());
        Thread.Sleep(1500); // let the child get going
        Assert.True(Alive(pid), "the child ended before its runner was killed");

        runner.Kill(); // SIGKILL: the runner gets no chance to stop its child
        runner.WaitForExit();
        clock.Restart();
        while (Alive(pid) && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(50);
        var after = clock.Elapsed;
        if (Alive(pid)) Process.GetProcessById(pid).Kill();
        Assert.True(after < TimeSpan.FromSeconds(2), $"the child outlived its runner by {after.TotalSeconds:F1} s");
    }

    static bool Alive(int pid)
    {
        // A child that exited but is not reaped yet is a zombie: gone for this purpose.
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Trim()[0] != 'Z'; }
        catch (IOException) { return false; }
    }
}

/// <summary>Tests that time something run one at a time, apart from all others.</summary>
[CollectionDefinition("Stopwatch", DisableParallelization = true)]
public class StopwatchCollection;
