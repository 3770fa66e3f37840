using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DissimNet.Tests.Training;

/// <summary>Training follows the same trajectory on every convolution path this CPU can run, each path in its own process.</summary>
public sealed class ConvolutionPathTrajectoryTests(ITestOutputHelper output) : TempFolderTests("trajectory")
{
    [Theory]
    [InlineData("none")]
    [InlineData("upto:conv2")]
    public void EveryPathTheGuardAcceptsTrainsLikeFloat64(string freeze)
    {
        var oracle = PathTrajectory.Train(freeze, ScalarType.Float64, Path.Combine(TempRoot, "float64"));
        output.WriteLine($"float64: loss {string.Join(", ", oracle.Loss.Select(v => v.ToString("R")))}; conv3 {string.Join(", ", oracle.Val.Select(v => v.ToString("R")))}");
        int accepted = 0;
        foreach (var path in new[] { "onednn", "onednn-sse41", "reference" })
        {
            var (numbers, refused) = PathTrajectory.InChildProcess(path, freeze);
            output.WriteLine(numbers is null ? $"{path}: refused ({refused})"
                : $"{path}: loss {string.Join(", ", numbers.Loss.Select(v => v.ToString("R")))}; conv3 {string.Join(", ", numbers.Val.Select(v => v.ToString("R")))}");
            if (numbers is null)
            {
                // The guard may refuse a path its self-check finds wrong on this CPU; it must say so, naming the path.
                Assert.Contains($"on the {path} path float32 convolution", refused);
                continue;
            }
            Assert.Equal(path, numbers.Path);
            PathTrajectory.AssertFollows(oracle, numbers, $"freeze {freeze}");
            accepted++;
        }
        Assert.True(accepted >= 1, "the guard refused every convolution path");
    }
}
