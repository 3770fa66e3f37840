using DissimNet.Networks.Runtime;
using DissimNet.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>The library's SGD, Adam and AdamW against TorchSharp's own, the oracle: the same weights, state and saved state, bit for bit.</summary>
public sealed class ScalarSafeOptimizerTests
{
    /// <summary>A 4 x 3 weight and a 4-vector bias from a seed, in float32 as the networks train.</summary>
    static Parameter[] Parameters()
    {
        var rng = new Random(7);
        float[] Values(int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        return [new Parameter(tensor(Values(12), [4, 3])), new Parameter(tensor(Values(4), [4]))];
    }

    /// <summary>Five steps on the squared error of a linear map over fixed data, whose gradients depend on the weights reached.</summary>
    static void Train(Parameter[] parameters, optim.Optimizer optimizer)
    {
        var rng = new Random(11);
        var x = tensor(Enumerable.Range(0, 15).Select(_ => (float)rng.NextDouble()).ToArray(), [5, 3]);
        var y = tensor(Enumerable.Range(0, 20).Select(_ => (float)rng.NextDouble()).ToArray(), [5, 4]);
        for (int step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var predicted = ScalarArithmetic.Add(x.matmul(parameters[0].t()), parameters[1]);
            (predicted - y).square().mean().backward();
            optimizer.step();
        }
    }

    /// <summary>The optimizer's saved state (name, hyperparameters, per-parameter tensors), as RunFolder writes it.</summary>
    static byte[] SavedState(OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return stream.ToArray();
    }

    static void AssertSameRun(Func<Parameter[], OptimizerHelper> torchSharps, Func<Parameter[], OptimizerHelper> ours)
    {
        var expectedParameters = Parameters();
        var actualParameters = Parameters();
        using var expected = torchSharps(expectedParameters);
        using var actual = ours(actualParameters);
        Assert.NotSame(expected.GetType(), actual.GetType());
        Train(expectedParameters, expected);
        Train(actualParameters, actual);
        for (int p = 0; p < expectedParameters.Length; p++)
            Assert.Equal(expectedParameters[p].data<float>().ToArray(), actualParameters[p].data<float>().ToArray());
        // The saved state holds every moment, buffer and step count bit for bit, under the same optimizer name.
        Assert.Equal(SavedState(expected), SavedState(actual));
        Assert.Equal(expected.GetType().Name, actual.GetType().Name);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0, false, false)]
    [InlineData(0.9, 0.0, 1e-2, false, false)]
    [InlineData(0.9, 0.3, 1e-2, false, true)]
    [InlineData(0.8, 0.0, 0.0, true, false)]
    public void SgdMatchesTorchSharps(double momentum, double dampening, double decay, bool nesterov, bool maximize) => AssertSameRun(
        p => optim.SGD(p, 0.1, momentum, dampening, decay, nesterov, maximize),
        p => new ScalarSafeOptimizers.SGD(p, 0.1, momentum, dampening, decay, nesterov, maximize));

    [Theory]
    [InlineData(false, 0.0, false, false)]
    [InlineData(false, 1e-2, false, false)]
    [InlineData(false, 1e-2, true, false)]
    [InlineData(false, 0.0, true, true)]
    [InlineData(true, 0.0, false, false)]
    [InlineData(true, 1e-2, false, false)]
    [InlineData(true, 1e-2, true, false)]
    [InlineData(true, 0.1, true, true)]
    public void AdamAndAdamWMatchTorchSharps(bool decoupled, double decay, bool amsgrad, bool maximize)
    {
        const double lr = 0.01, b1 = TrainingOptimizers.Beta1, b2 = TrainingOptimizers.Beta2, eps = TrainingOptimizers.Epsilon;
        if (decoupled)
            AssertSameRun(p => optim.AdamW(p, lr, b1, b2, eps, decay, amsgrad, maximize), p => new ScalarSafeOptimizers.AdamW(p, lr, b1, b2, eps, decay, amsgrad, maximize));
        else
            AssertSameRun(p => optim.Adam(p, lr, b1, b2, eps, decay, amsgrad, maximize), p => new ScalarSafeOptimizers.Adam(p, lr, b1, b2, eps, decay, amsgrad, maximize));
    }

    [Fact]
    public void AStateSavedByTorchSharpsOptimizerLoadsIntoOursAndBack()
    {
        var parameters = Parameters();
        using var torchSharps = optim.Adam(parameters, 0.01, TrainingOptimizers.Beta1, TrainingOptimizers.Beta2, TrainingOptimizers.Epsilon);
        Train(parameters, torchSharps);
        var saved = SavedState(torchSharps);
        using var ours = new ScalarSafeOptimizers.Adam(parameters, 0.01, TrainingOptimizers.Beta1, TrainingOptimizers.Beta2, TrainingOptimizers.Epsilon);
        using (var reader = new BinaryReader(new MemoryStream(saved))) ours.load_state_dict(reader);
        Assert.Equal(saved, SavedState(ours));
    }
}
