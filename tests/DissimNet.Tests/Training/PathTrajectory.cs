using System.Diagnostics;
using System.Text.Json;
using DissimNet.Networks.Runtime;
using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>Two epochs of the tiny test network, the numbers every convolution path must reproduce, and how closely.</summary>
/// <remarks>
/// The oracle is the same run in float64: libtorch runs float64 convolutions on its own reference kernels whatever the
/// float32 path, so the float64 trajectory is the same on every path and every x86 CPU (to the last few bits of its
/// reductions). Tolerances, measured on an AMD EPYC Zen 5 VM (AVX-512, BF16) and on the Zen 4 of issue 24:
/// <list type="bullet">
/// <item><see cref="LossTolerance"/>: correct float32 paths stay within 1.2e-4 of float64 (reference 1.4e-6 and 2.8e-6 for epochs
/// 1 and 2, oneDNN at SSE4.1 1.2e-6 and 1.2e-4 here; oneDNN and reference 7e-6 apart on the Zen 4). Training amplifies
/// float32 rounding from epoch to epoch, so the bound is 8x the largest of these, and still 19x smaller than the deviation
/// a wrong path showed (1.9e-2 at epoch 1 for oneDNN at SSE4.1 on that Zen 4).</item>
/// <item><see cref="ScoreTolerance"/>: validation scores are Spearman correlations over the 15 pairs of 6 images, identical on
/// every path measured; float32 rounding can at most swap two nearly tied dissimilarities, and one swap of adjacent ranks
/// changes a subject's Spearman r by at most 12 / (n (n + 1)) = 0.05 for n = 15 pairs.</item>
/// </list>
/// </remarks>
static class PathTrajectory
{
    public const double LossTolerance = 1e-3;
    public const double ScoreTolerance = 0.05;

    /// <summary>The run's numbers: the training loss and the conv3 validation score of each epoch, and the path it ran on.</summary>
    public sealed record Numbers(string Path, double[] Loss, double[] Val);

    public static TrainingSettings Settings(string freeze) =>
        SiameseTrainerTests.Settings(epochs: 2, freeze, seed: 3) with { WeightDecay = 0, Augment = Augmentation.None };

    /// <summary>Trains the tiny network from seed 21 in the given precision.</summary>
    public static Numbers Train(string freeze, ScalarType dtype, string folder)
    {
        using var net = new TinyConvNet(seed: 21, dtype);
        var summary = new SiameseTrainer(net, Settings(freeze), new RsaScorer()).Run(TrainingFixtures.TwoSets(), folder);
        return new(ConvolutionGuard.EnsureVerified().Path.Name(),
            summary.Epochs.Select(e => e.TrainLoss).ToArray(), summary.Epochs.Select(e => e.Val["conv3"]).ToArray());
    }

    /// <summary>Asserts that a float32 trajectory follows the float64 one within the stated tolerances.</summary>
    public static void AssertFollows(Numbers oracle, Numbers actual, string what)
    {
        for (int e = 0; e < oracle.Loss.Length; e++)
        {
            Assert.True(Math.Abs(actual.Loss[e] - oracle.Loss[e]) <= LossTolerance,
                $"{what}: epoch {e + 1} loss {actual.Loss[e]:R} on path {actual.Path}, expected {oracle.Loss[e]:R} (tolerance {LossTolerance})");
            Assert.True(Math.Abs(actual.Val[e] - oracle.Val[e]) <= ScoreTolerance,
                $"{what}: epoch {e + 1} validation {actual.Val[e]:R} on path {actual.Path}, expected {oracle.Val[e]:R} (tolerance {ScoreTolerance})");
        }
    }

    /// <summary>Entry of the child process: trains in float32 on the path DISSIMNET_CONV forces and prints the numbers as JSON.</summary>
    public static int RunChild(string freeze)
    {
        try
        {
            var folder = Path.Combine(Path.GetTempPath(), "trajectory-" + Guid.NewGuid().ToString("N"));
            var numbers = Train(freeze, ScalarType.Float32, folder);
            Directory.Delete(folder, recursive: true);
            Console.WriteLine(JsonSerializer.Serialize(numbers));
            return 0;
        }
        catch (DissimNetException e)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { Refused = e.Message }));
            return 0;
        }
    }

    /// <summary>Runs <see cref="RunChild"/> in a new process on a forced path: oneDNN reads its instruction-set limit once per process.</summary>
    /// <returns>The numbers, or null with the guard's reason when the guard refused that path on this CPU.</returns>
    public static (Numbers? Numbers, string? Refused) InChildProcess(string path, string freeze)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { typeof(PathTrajectory).Assembly.Location, TestProgram.TrajectoryCommand, freeze }) start.ArgumentList.Add(a);
        start.Environment[ConvolutionPathNames.Variable] = path;
        start.Environment.Remove(ConvolutionGuard.OneDnnIsaVariable);
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = child.StandardOutput.ReadToEnd();
        if (!child.WaitForExit(TimeSpan.FromMinutes(3))) { child.Kill(entireProcessTree: true); Assert.Fail($"{path}: the child did not finish in 3 minutes"); }
        Assert.True(child.ExitCode == 0, $"{path}: exit {child.ExitCode}\n{stdout}\n{stderr.Result}");
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        using var json = JsonDocument.Parse(line);
        if (json.RootElement.TryGetProperty("Refused", out var why)) return (null, why.GetString());
        return (json.RootElement.Deserialize<Numbers>(), null);
    }
}
