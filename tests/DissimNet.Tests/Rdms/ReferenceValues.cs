using System.Text.Json;

namespace DissimNet.Tests.Rdms;

/// <summary>The scipy-computed values in Fixtures/rsa_reference.json.</summary>
internal static class ReferenceValues
{
    static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("rsa_reference.json"))).RootElement);

    /// <summary>The number at a path of property names, e.g. Number("mIT_vs_hIT_fig1", "spearman").</summary>
    public static double Number(params string[] path) => At(path).GetDouble();

    /// <summary>The array of numbers at a path.</summary>
    public static double[] Numbers(params string[] path) => [.. At(path).EnumerateArray().Select(e => e.GetDouble())];

    static JsonElement At(string[] path)
    {
        var e = Root.Value;
        foreach (var name in path) e = e.GetProperty(name);
        return e;
    }

    public static string Supplemental(string variable) => TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":" + variable;
    public static string BrainRdms => TestPaths.Data("92imageData/92_brainRDMs.mat") + ":RDMs.RDM";

    /// <summary>Asserts |expected - actual| &lt;= tolerance with both numbers in the message.</summary>
    public static void Close(double expected, double actual, double tolerance = 1e-9)
        => Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R} (difference {actual - expected:g3})");

    /// <summary>Asserts a relative difference of at most 1e-6 (for p-values).</summary>
    public static void CloseRelative(double expected, double actual, double relative = 1e-6)
        => Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
