using System.Globalization;
using DissimNet.Training;
using DissimNet.Workflows;

namespace DissimNet.Cli.Output;

/// <summary>The closing lines of <c>crossval</c>: test scores over folds, the gain with its corrected interval and p-value, the ceiling.</summary>
static class CrossValidationLines
{
    /// <summary>Prints the lines to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, CrossValidationResult r, string outFolder)
    {
        output.WriteLine($"{outFolder}: {r.FoldResults.Count} of {r.Folds * r.Repeats} folds ({r.Repeats} x {r.Folds}-fold over {r.Images} images); "
            + $"{r.ScoreMethod} on each fold's test images, layer and epoch chosen on its validation images");
        if (r is { Trained: { } t, Pretrained: { } p, Gain: { } g })
        {
            output.WriteLine($"  trained:    {F(t.Mean)} ± {F(t.Corrected.StandardError)} (mean over folds ± corrected SE)");
            output.WriteLine($"  pretrained: {F(p.Mean)} ± {F(p.Corrected.StandardError)}");
            output.WriteLine($"  gain:       {g.Mean.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture)}, 95% CI {F(g.Corrected.Interval.Lower)} to {F(g.Corrected.Interval.Upper)}, "
                + $"p = {g.Corrected.PValue.ToString("G3", CultureInfo.InvariantCulture)} (corrected resampled t-test, {g.Corrected.DegreesOfFreedom} df)");
        }
        if (r.NoiseCeiling is { } c) output.WriteLine($"  noise ceiling of the test images (mean over folds): {F(c.Lower)} .. {F(c.Upper)}");
        if (r.Complete) output.WriteLine($"Report: {Path.GetFullPath(Path.Combine(outFolder, CrossValidationWorkflow.ReportFile))}");
    }

    static string F(double v) => double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
}
