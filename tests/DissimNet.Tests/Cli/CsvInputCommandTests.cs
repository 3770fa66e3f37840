using System.Text.Json;
using DissimNet.IO;

namespace DissimNet.Tests.Cli;

/// <summary>CSV RDMs through <c>score</c>: a header row is noted on stderr, a damaged first row is a one-line error.</summary>
public sealed class CsvInputCommandTests() : TempFolderTests("csv-cli")
{
    const int N = 10;

    /// <summary>A 10 x 10 RDM as CSV lines, and a 3-subject target of 10 conditions as .npy.</summary>
    (string[] Rows, string Target) Files()
    {
        Directory.CreateDirectory(TempRoot);
        var random = new Random(4);
        double[] Square()
        {
            var m = new double[N * N];
            for (int i = 0; i < N; i++)
                for (int j = i + 1; j < N; j++) m[i * N + j] = m[j * N + i] = Math.Round(random.NextDouble(), 3);
            return m;
        }
        var model = Square();
        var rows = Enumerable.Range(0, N).Select(i => string.Join(",", model.Skip(i * N).Take(N).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        var target = Path.Combine(TempRoot, "target.npy");
        Npy.Write(target, new NdArray([3, N, N], [.. Square(), .. Square(), .. Square()]));
        return (rows, target);
    }

    [Fact]
    public void AHeaderRowIsSkippedWithANote()
    {
        var (rows, target) = Files();
        var model = Path.Combine(TempRoot, "model.csv");
        File.WriteAllLines(model, [string.Join(",", Enumerable.Range(1, N).Select(k => $"image{k}")), .. rows]);
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", model, "--target", target, "--bootstrap", "0", "--json");
        Assert.True(exit == 0, stderr);
        Assert.Equal($"{model}: first row taken as a header", stderr.Trim());
        Assert.Equal(N, JsonDocument.Parse(stdout).RootElement.GetProperty("n_conditions").GetInt32());
    }

    [Fact]
    public void ADamagedFirstRowIsNotTakenAsAHeader()
    {
        var (rows, target) = Files();
        var model = Path.Combine(TempRoot, "model.csv");
        var cells = rows[0].Split(',');
        cells[4] = "0.5x";
        rows[0] = string.Join(",", cells);
        File.WriteAllLines(model, rows);
        var (exit, stdout, stderr) = CliHarness.Run("score", "--model", model, "--target", target, "--bootstrap", "0");
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Equal($"error: {model}: line 1, column 5: '0.5x' is not a number (the first row mixes numbers and text, so it is neither a header nor data)", stderr.Trim());
    }
}
