using System.Text.Json;
using DissimNet.IO;
using DissimNet.Tests.Cli;
using static DissimNet.Tests.Rdms.ReferenceValues;

namespace DissimNet.Tests.Algonauts;

/// <summary>A published Algonauts noise ceiling is used only for RDMs of its image set's own images.</summary>
public sealed class AlgonautsImageSetTests() : TempFolderTests("image-set")
{
    /// <summary>A model RDM (n x n) and a target of 4 subjects (4 x n x n) as .npy files.</summary>
    (string Model, string Target) Files(int n)
    {
        Directory.CreateDirectory(TempRoot);
        var random = new Random(n);
        double[] Square()
        {
            var m = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) m[i * n + j] = m[j * n + i] = random.NextDouble();
            return m;
        }
        string model = Path.Combine(TempRoot, "model.npy"), target = Path.Combine(TempRoot, "target.npy");
        Npy.Write(model, new NdArray([n, n], Square()));
        Npy.Write(target, new NdArray([4, n, n], [.. Square(), .. Square(), .. Square(), .. Square()]));
        return (model, target);
    }

    [Theory]
    [InlineData("92")]
    [InlineData("118")]
    public void RdmsOfOtherImagesAreRefusedWithBothCounts(string imageSet)
    {
        var (model, target) = Files(5);
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", model, "--target", target, "--algonauts", "fmri", "--image-set", imageSet, "--region", "IT");
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Equal($"error: {target}: Algonauts image set {imageSet} has {imageSet} images, but these RDMs have 5 conditions (expected {imageSet} x {imageSet})", stderr.Trim());
    }

    [Fact]
    public void AnUnknownImageSetIsRefusedEvenWithAGivenCeiling()
    {
        var (model, target) = Files(5);
        var (exit, _, stderr) = CliHarness.Run("score", "--model", model, "--target", target, "--algonauts", "fmri", "--image-set", "5", "--nc", "0.3");
        Assert.Equal(2, exit);
        Assert.Equal("error: no Algonauts image set 5 (known sets: 92, 118, 78)", stderr.Trim());
    }

    [Fact]
    public void NinetyTwoImageRdmsGetThePublishedCeiling()
    {
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", Supplemental("RDMs_mIT_hIT_fig1.RDM") + "[0]", "--target", BrainRdms,
            "--algonauts", "fmri", "--image-set", "92", "--region", "IT", "--bootstrap", "0", "--json");
        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(92, json.GetProperty("n_conditions").GetInt32());
        Assert.Equal(100 * json.GetProperty("mean_r2").GetDouble() / 0.3075, json.GetProperty("percent_of_noise_ceiling").GetDouble(), 10);
    }
}
