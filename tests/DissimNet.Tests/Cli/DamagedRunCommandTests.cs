using System.Text.Json.Nodes;
using DissimNet.Tests.Training;
using DissimNet.Training;

namespace DissimNet.Tests.Cli;

/// <summary>report and predict on a real run folder whose summary.json was damaged: one line naming the file, exit 2.</summary>
public sealed class DamagedRunCommandTests() : TempFolderTests("damagedrun-cli")
{
    string Summary => Path.Combine(TempRoot, RunFolder.SummaryFile);

    void TrainThenEdit(Action<JsonObject> edit)
    {
        using (var net = new TinyConvNet(seed: 21))
            new SiameseTrainer(net, new TrainingSettings { TrainLayer = "conv3", Epochs = 1, BatchSize = 6, LearningRate = 0.05, Seed = 1 }, new RsaScorer())
                .Run(TrainingFixtures.TwoSets(), TempRoot);
        var json = JsonNode.Parse(File.ReadAllText(Summary))!.AsObject();
        edit(json);
        File.WriteAllText(Summary, json.ToJsonString());
    }

    void AssertOneLine(string expected, params string[] args)
    {
        var (exit, _, stderr) = CliHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal($"error: {expected}", stderr.Trim());
    }

    [Fact]
    public void NullEpochsIsOneLineForReportAndPredict()
    {
        TrainThenEdit(s => s["epochs"] = null);
        var expected = $"{Summary}: damaged training summary: epochs is null; resume from an earlier epoch or start the run again";
        AssertOneLine(expected, "report", TempRoot, "--out", Path.Combine(TempRoot, "r.html"));
        var images = Path.Combine(TempRoot, "images.npy");
        DissimNet.IO.Npy.Write(images, new DissimNet.IO.NdArray([3, 8, 8, 3], new byte[3 * 8 * 8 * 3], DissimNet.IO.ElementType.UInt8));
        AssertOneLine(expected, "predict", "--run", TempRoot, "--images", images, "--out", Path.Combine(TempRoot, "p.npy"));
    }

    [Fact]
    public void ACheckpointPathLeavingTheRunIsRefused()
    {
        TrainThenEdit(s => s["checkpoint"]!["optimizer"] = "../../../../etc/passwd");
        AssertOneLine($"{Summary}: checkpoint.optimizer '../../../../etc/passwd' is not a file inside checkpoints/; refused",
            "report", TempRoot, "--out", Path.Combine(TempRoot, "r.html"));
    }
}
