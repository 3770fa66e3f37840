using System.Text.Json;
using DissimNet.IO;

namespace DissimNet.Tests.Cli;

/// <summary><c>dissimnet noise-ceiling</c> says why a ceiling is undefined instead of printing a bare NaN.</summary>
public sealed class NoiseCeilingCommandTests() : TempFolderTests("noise-ceiling-cli")
{
    string TwoConditions()
    {
        // 4 subjects x 2 x 2: one pair per RDM, so no correlation is defined.
        var data = new double[4 * 4];
        for (int s = 0; s < 4; s++) data[s * 4 + 1] = data[s * 4 + 2] = 1 + s;
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, "two.npy");
        Npy.Write(path, new NdArray([4, 2, 2], data));
        return path;
    }

    [Fact]
    public void AnUndefinedCeilingSaysWhy()
    {
        var target = TwoConditions();
        var (exit, stdout, stderr) = CliHarness.Run("noise-ceiling", "--target", target);
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("NaN", stdout);
        Assert.Contains("n/a (fewer than 2 pairs", stdout); // the table wraps the reason within its cell
        Assert.Contains("RDMs)", stdout);

        (exit, stdout, stderr) = CliHarness.Run("noise-ceiling", "--target", target, "--json");
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("lower").ValueKind);
        Assert.StartsWith("fewer than 2 pairs", json.RootElement.GetProperty("undefined_reason").GetString());
    }
}
