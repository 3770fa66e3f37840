using DissimNet.Networks;
using DissimNet.Rdms;
using DissimNet.Statistics;

namespace DissimNet.Cli.Output;

/// <summary>A layer profile as text: each layer's mean correlation with the targets, relative to the noise ceiling, with a bar.</summary>
internal static class LayerProfileTable
{
    /// <summary>Prints the profile; <paramref name="against"/> says what the layers were compared with, <paramref name="label"/> names layers; to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, LayerProfile profile, string against, Func<string, string> label)
    {
        output.WriteLine();
        output.WriteLine($"Layer profile {against} ({profile.Layers[0].PerTarget.Length} target RDMs, {profile.Method.Name()})");
        if (profile.Ceiling is { } c)
            output.WriteLine($"noise ceiling: lower {c.Lower:F3}, upper {c.Upper:F3}, pooling {profile.Pooling.Describe(profile.Method)}; 'of ceiling' = mean / lower bound");
        var best = profile.Best;
        int width = Math.Max(8, profile.Layers.Max(l => label(l.Layer).Length));
        output.WriteLine($"  {"layer".PadRight(width)}  mean rho  of ceiling");
        foreach (var layer in profile.Layers)
        {
            if (double.IsNaN(layer.Mean))
            {
                output.WriteLine($"  {label(layer.Layer).PadRight(width)}  {"n/a",8}  ({layer.UndefinedReason ?? "undefined"})");
                continue;
            }
            var relative = double.IsNaN(layer.OfLowerCeiling) ? "" : $"{layer.OfLowerCeiling,10:P0}";
            var bar = new string('#', (int)Math.Round(Math.Max(0, layer.Mean) * 100));
            var mark = ReferenceEquals(layer, best) ? " <- best" : "";
            output.WriteLine($"  {label(layer.Layer).PadRight(width)}  {layer.Mean,8:F3}  {relative}  {bar}{mark}");
        }
    }
}
