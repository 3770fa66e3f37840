using System.Text.Json.Nodes;
using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>A real one-epoch run, then damaged one way per test: loading, resuming and reading weights give one line naming the file.</summary>
public sealed class RunFolderDamageTests() : TempFolderTests("runfolderdamage")
{
    const string Hint = "resume from an earlier epoch or start the run again";
    static readonly TrainingSettings Settings = new() { TrainLayer = "conv3", Epochs = 1, BatchSize = 6, LearningRate = 0.05, Seed = 1, Keep = CheckpointKeep.All };

    string Train(int epochs = 1)
    {
        using var net = new TinyConvNet(seed: 21);
        new SiameseTrainer(net, Settings with { Epochs = epochs }, new RsaScorer()).Run(TrainingFixtures.TwoSets(), TempRoot, resume: true);
        return TempRoot;
    }

    string Checkpoint(string name) => Path.Combine(TempRoot, RunFolder.CheckpointsFolder, name);

    static void Truncate(string path) => File.WriteAllBytes(path, File.ReadAllBytes(path)[..(int)(new FileInfo(path).Length / 2)]);

    DissimNetException Resume()
    {
        using var net = new TinyConvNet(seed: 21);
        return Assert.Throws<DissimNetException>(() =>
            new SiameseTrainer(net, Settings with { Epochs = 2 }, new RsaScorer()).Run(TrainingFixtures.TwoSets(), TempRoot, resume: true));
    }

    DissimNetException LoadEpoch(int epoch)
    {
        using var net = new TinyConvNet(seed: 21);
        return Assert.Throws<DissimNetException>(() => new RunFolder(TempRoot).LoadWeights(net.Module, epoch));
    }

    void EditSummary(Action<JsonObject> edit)
    {
        var path = Path.Combine(TempRoot, RunFolder.SummaryFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    [Fact]
    public void AMissingStartingCheckpointIsNamedNotTheEpochStoredOnTopOfIt()
    {
        using (var net = new TinyConvNet(seed: 21)) // frozen layers: later epochs store only conv3
            new SiameseTrainer(net, Settings with { Freeze = "upto:conv2" }, new RsaScorer()).Run(TrainingFixtures.TwoSets(), TempRoot);
        File.Delete(Checkpoint("epoch-0000.safetensors"));
        var message = LoadEpoch(1).Message;
        Assert.StartsWith($"{Checkpoint("epoch-0000.safetensors")}: checkpoint file is missing", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void ACheckpointHoldingNaNIsNeverUsed()
    {
        Train();
        var path = Checkpoint("epoch-0001.safetensors");
        using (var net = new TinyConvNet(seed: 21))
        {
            using (TorchSharp.torch.no_grad()) net.Module.named_parameters().First(p => p.name == "conv3.bias").parameter[0] = float.NaN;
            CheckpointTensors.Save(net.Module, path, [], CheckpointPrecision.Float32);
        }
        Assert.Equal($"{path}: the weight conv3.bias holds NaN; a checkpoint must hold finite weights (resume from an earlier epoch or train again)",
            LoadEpoch(1).Message);
    }

    [Fact]
    public void TruncatedEpochWeightsNameTheFile()
    {
        Train();
        Truncate(Checkpoint("epoch-0001.safetensors"));
        var expected = $"{Checkpoint("epoch-0001.safetensors")}: corrupt or truncated checkpoint; {Hint}";
        Assert.Equal(expected, Resume().Message);
        Assert.Equal(expected, LoadEpoch(1).Message);
    }

    [Fact]
    public void RandomOrTruncatedOptimizerStateNamesTheFile()
    {
        Train();
        var optimizer = Checkpoint("epoch-0001.optimizer.bin");
        Truncate(optimizer);
        // The state's own check names what is wrong. SGD's state of the 6 parameters here: the name (4 bytes), two counts
        // (1 each), the group's settings (42), a flag per parameter (6): 54 bytes, halved to 27, 21 short of the settings' end.
        Assert.Equal($"{optimizer}: corrupt or truncated checkpoint (the file ends 21 bytes before the end of the record being read); {Hint}", Resume().Message);
        var random = new byte[4096];
        new Random(5).NextBytes(random);
        File.WriteAllBytes(optimizer, random);
        Assert.Equal($"{optimizer}: corrupt or truncated checkpoint (the file does not start with an optimizer's name); {Hint}", Resume().Message);
        // A state of another optimizer, written whole, is named as such.
        using (var adam = TorchSharp.torch.optim.Adam(new TinyConvNet(seed: 21).Module.parameters()))
            ((TorchSharp.Modules.OptimizerHelper)adam).save_state_dict(optimizer);
        Assert.Equal($"{optimizer}: corrupt or truncated checkpoint (the state is of optimizer 'Adam', expected SGD); {Hint}", Resume().Message);
    }

    [Fact]
    public void TruncatedBestWeightsNameTheFile()
    {
        Train();
        var best = Path.Combine(TempRoot, RunFolder.CheckpointsFolder, RunFolder.BestWeightsFile);
        Truncate(best);
        using var net = new TinyConvNet(seed: 21);
        var error = Assert.Throws<DissimNetException>(() => new RunFolder(TempRoot).LoadWeights(net.Module));
        Assert.Equal($"{best}: corrupt or truncated checkpoint; {Hint}", error.Message);
    }

    [Fact]
    public void NullEpochsInTheSummaryIsRefusedOnLoad()
    {
        Train();
        EditSummary(s => s["epochs"] = null);
        var summary = Path.Combine(TempRoot, RunFolder.SummaryFile);
        Assert.Equal($"{summary}: damaged training summary: epochs is null; {Hint}", Resume().Message);
        Assert.Equal($"{summary}: damaged training summary: epochs is null; {Hint}", LoadEpoch(1).Message);
    }

    [Fact]
    public void EpochsOutOfStepWithTheCheckpointAreRefused()
    {
        Train();
        EditSummary(s => s["checkpoint"]!["epoch"] = 7);
        Assert.Equal($"{Path.Combine(TempRoot, RunFolder.SummaryFile)}: damaged training summary: the checkpoint is of epoch 7, but the last finished epoch is 1; {Hint}",
            Resume().Message);
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("checkpoints/../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("checkpoints/sub/epoch-0001.safetensors")]
    public void CheckpointPathsOutsideCheckpointsAreRefused(string path)
    {
        Train();
        EditSummary(s => s["checkpoint"]!["weights"] = path);
        Assert.Equal($"{Path.Combine(TempRoot, RunFolder.SummaryFile)}: checkpoint.weights '{path}' is not a file inside checkpoints/; refused",
            Resume().Message);
    }
}
