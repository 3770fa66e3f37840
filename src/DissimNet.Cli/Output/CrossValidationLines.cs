using System.Globalization;
using DissimNet.Training;
using DissimNet.Workflows;

namespace DissimNet.Cli.Output;

/// <summary>The closing lines of <c>crossval</c>: test scores over folds, the gain with its corrected interval and p-value, the ceiling.</summary>
static class CrossValidationLines
{
    public static void Write(CrossValidationResult r, string outFolder)
    {
        Console.WriteLine($"{outFolder}: {r.FoldResults.Count} of {r.Folds * r.Repeats} folds ({r.Repeats} x {r.Folds}-fold over {r.Images} images); "
            + $"{r.ScoreMethod} on each fold's test images, layer and epoch chosen on its validation images");
        if (r is { Trained: { } t, Pretrained: { } p, Gain: { } g })
        {
            Console.WriteLine($"  trained:    {F(t.Mean)} ± {F(t.Corrected.StandardError)} (mean over folds ± corrected SE)");
            Console.WriteLine($"  pretrained: {F(p.Mean)} ± {F(p.Corrected.StandardError)}");
            Console.WriteLine($"  gain:       {g.Mean.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture)}, 95% CI {F(g.Corrected.Interval.Lower)} to {F(g.Corrected.Interval.Upper)}, "
                + $"p = {g.Corrected.PValue.ToString("G3", CultureInfo.InvariantCulture)} (corrected resampled t-test, {g.Corrected.DegreesOfFreedom} df)");
        }
        if (r.NoiseCeiling is { } c) Console.WriteLine($"  noise ceiling of the test images (mean over folds): {F(c.Lower)} .. {F(c.Upper)}");
        if (r.Complete) Console.WriteLine($"Report: {Path.GetFullPath(Path.Combine(outFolder, CrossValidationWorkflow.ReportFile))}");
    }

    static string F(double v) => double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
}
