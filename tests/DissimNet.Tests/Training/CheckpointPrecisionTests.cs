using DissimNet.Training;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>float16 checkpoints: half the tensor bytes, loaded back as float32 by prediction and resume.</summary>
public sealed class CheckpointPrecisionTests() : TempFolderTests("checkpoint-precision")
{
    static TrainingSettings Settings(int epochs, CheckpointPrecision precision) => new()
    {
        TrainLayer = "conv3", Epochs = epochs, Freeze = "upto:conv2", BatchSize = 6, LearningRate = 0.05, Momentum = 0.9,
        WeightDecay = 1e-4, Seed = 3, Keep = CheckpointKeep.All, CheckpointPrecision = precision,
    };

    static Dictionary<string, double[]> Parameters(nn.Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to_type(ScalarType.Float64).data<double>().ToArray());

    Dictionary<string, double[]> Train(string name, TrainingSettings settings, bool resume = false)
    {
        using var net = new TinyConvNet(seed: 21);
        new SiameseTrainer(net, settings, new RsaScorer()).Run(TrainingFixtures.TwoSets(), Path.Combine(TempRoot, name), resume, default);
        return Parameters(net.Module);
    }

    /// <summary>Bytes of a safetensors file after its 8-byte length and JSON header: the tensors themselves.</summary>
    static long TensorBytes(string path)
    {
        using var file = File.OpenRead(path);
        var length = new byte[8];
        file.ReadExactly(length);
        return file.Length - 8 - BitConverter.ToInt64(length);
    }

    static Dictionary<string, double[]> Loaded(string folder, Func<RunFolder, nn.Module, TrainingSummary> load)
    {
        using var net = new TinyConvNet(seed: 99);
        load(new RunFolder(folder), net.Module);
        Assert.All(net.Module.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        return Parameters(net.Module);
    }

    static void AssertClose(Dictionary<string, double[]> expected, Dictionary<string, double[]> actual, double relative, double absolute)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, values) in expected)
            for (int i = 0; i < values.Length; i++)
                Assert.True(Math.Abs(values[i] - actual[name][i]) <= absolute + relative * Math.Abs(values[i]), $"{name}[{i}]: {values[i]} vs {actual[name][i]}");
    }

    [Fact]
    public void Float16CheckpointsHalveTheTensorsAndLoadWithinHalfPrecision()
    {
        var full = Train("f32", Settings(2, CheckpointPrecision.Float32));
        var half = Train("f16", Settings(2, CheckpointPrecision.Float16));
        Assert.Equal(full, half); // the run itself is unchanged: only what is stored is rounded

        string Weights(string run, string file) => Path.Combine(TempRoot, run, RunFolder.CheckpointsFolder, file);
        Assert.Equal(TensorBytes(Weights("f32", "epoch-0002.safetensors")) / 2, TensorBytes(Weights("f16", "epoch-0002.safetensors")));
        Assert.Equal(TensorBytes(Weights("f32", "epoch-0000.safetensors")), TensorBytes(Weights("f16", "epoch-0000.safetensors"))); // epoch 0 stays exact

        var folder = Path.Combine(TempRoot, "f16");
        // float16 keeps 11 significant bits: a relative error of at most 2^-11, plus subnormals near zero.
        AssertClose(full, Loaded(folder, (run, module) => run.LoadWeights(module, 2)), Math.Pow(2, -11), 1e-7);
        var best = Loaded(folder, (run, module) => run.LoadWeights(module)); // what predict loads
        Assert.Equal(Loaded(Path.Combine(TempRoot, "f32"), (run, module) => run.LoadWeights(module))["conv1.weight"], best["conv1.weight"]); // frozen: exact
    }

    [Fact]
    public void ResumingFromAFloat16CheckpointContinuesCloseToTheFullPrecisionRun()
    {
        var full = Train("full", Settings(2, CheckpointPrecision.Float32));
        Train("resumed", Settings(1, CheckpointPrecision.Float16));
        var resumed = Train("resumed", Settings(2, CheckpointPrecision.Float16), resume: true);
        Assert.NotEqual(full, resumed); // the rounding shows
        AssertClose(full, resumed, 1e-2, 1e-4);
    }
}
