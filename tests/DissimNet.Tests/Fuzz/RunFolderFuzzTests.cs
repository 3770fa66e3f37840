using DissimNet.Tests.Training;
using DissimNet.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Tests.Fuzz;

/// <summary>Fuzzes what a run folder's readers load: summary.json, an epoch's safetensors weights and its optimizer state (optimizer.bin).</summary>
/// <remarks>One tiny run is trained once; each case replaces one of its files and reads the run back as report, predict and --resume do.</remarks>
[Collection("Fuzz")]
public sealed class RunFolderFuzzTests(TinyRun tiny) : IClassFixture<TinyRun>
{
    readonly string _run = tiny.Folder;
    readonly TinyConvNet _net = tiny.Net;

    string InRun(string relative) => Path.Combine(_run, relative);

    /// <summary>Runs <paramref name="read"/> with the run's file <paramref name="relative"/> replaced by each case (restored afterwards).</summary>
    void Fuzz(string reader, string relative, Func<RunFolder, string> read, int randomCases, IReadOnlyList<(string, byte[])>? crafted = null)
    {
        string file = InRun(relative);
        var original = File.ReadAllBytes(file);
        try
        {
            FuzzRunner.Run(reader, Path.GetExtension(file), [new FuzzSeed(Path.GetFileName(file).Replace(':', '_'), original, Crafted: crafted)], path =>
            {
                File.Copy(path, file, overwrite: true);
                return read(new RunFolder(_run));
            }, randomCases);
        }
        finally { File.WriteAllBytes(file, original); }
    }

    string LoadLast(RunFolder run)
    {
        var summary = run.LoadWeights(_net.Module, best: false);
        return $"{summary.Epochs.Count} epochs, checkpoint {summary.Checkpoint}";
    }

    /// <summary>summary.json as report and predict read it: the summary, then the weights it names (checked only when the
    /// summary parsed, so the many cases of damaged JSON stay fast).</summary>
    string ReadSummary(RunFolder run)
    {
        var summary = run.ReadSummary();
        return summary.ToJson() == File.ReadAllText(InRun(RunFolder.SummaryFile)) ? LoadLast(run) : summary.ToJson();
    }

    [Fact]
    public void SummaryNeverFailsOtherThanWithOneLine()
    {
        var valid = File.ReadAllBytes(InRun(RunFolder.SummaryFile));
        string weights = RunFolder.EpochFiles(1).Weights;
        Fuzz("run-summary", RunFolder.SummaryFile, ReadSummary, randomCases: 150,
        [
            Mutator.Replace(valid, weights, "../../../../etc/passwd"),
            Mutator.Replace(valid, weights, "/etc/passwd"),
            Mutator.Replace(valid, weights, "checkpoints/../summary.json"),
            Mutator.Replace(valid, "\"epochs\"", "\"epochs\": null, \"ignored\""),
            ("a summary that is JSON null", "null"u8.ToArray()),
            ("deeply nested JSON", System.Text.Encoding.ASCII.GetBytes(new string('[', 10000) + new string(']', 10000))),
        ]);
    }

    [Fact]
    public void CheckpointWeightsNeverFailOtherThanWithOneLine() =>
        Fuzz("run-weights", RunFolder.EpochFiles(1).Weights, LoadLast, randomCases: 120);

    /// <summary>The optimizer state as the run wrote it (SGD without momentum: no tensors), and states with a tensor per
    /// parameter (SGD's momentum buffers, Adam's moments), which TorchSharp's reader would otherwise create as the file says.</summary>
    [Theory]
    [InlineData("as-trained")]
    [InlineData("sgd-momentum")]
    [InlineData("adam")]
    public void OptimizerStateNeverFailsOtherThanWithOneLine(string state)
    {
        var summary = new RunFolder(_run).ReadSummary();
        string file = InRun(summary.Checkpoint!.Optimizer);
        var trained = File.ReadAllBytes(file);
        optim.Optimizer Make(double rate) => state == "adam"
            ? optim.Adam(_net.Module.parameters(), rate)
            : optim.SGD(_net.Module.parameters(), rate, momentum: state == "sgd-momentum" ? 0.9 : 0);
        try
        {
            if (state != "as-trained")
            {
                // One step at learning rate 0 fills every state tensor without changing the shared network's weights.
                using var writer = Make(0);
                writer.zero_grad();
                using (var loss = _net.Module.parameters().Select(p => p.square().sum()).Aggregate((a, b) => a + b)) loss.backward();
                writer.step();
                ((OptimizerHelper)writer).save_state_dict(file);
            }
            using var optimizer = Make(0.05);
            Fuzz(state == "as-trained" ? "run-optimizer" : $"run-optimizer-{state}", summary.Checkpoint!.Optimizer, run =>
            {
                run.Load(summary.Checkpoint!, _net.Module, optimizer);
                return "loaded";
            }, randomCases: 120);
        }
        finally { File.WriteAllBytes(file, trained); }
    }
}

/// <summary>One tiny trained run (one epoch of <see cref="TinyConvNet"/>) shared by the run-folder fuzz tests, deleted after them.</summary>
public sealed class TinyRun : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"dissimnet-fuzz-run-{Guid.NewGuid():N}");
    internal TinyConvNet Net { get; } = new(seed: 21);

    public TinyRun() =>
        new SiameseTrainer(Net, new TrainingSettings { TrainLayer = "conv3", Epochs = 1, BatchSize = 6, LearningRate = 0.05, Seed = 1 }, new RsaScorer())
            .Run(TrainingFixtures.TwoSets(), Folder);

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
