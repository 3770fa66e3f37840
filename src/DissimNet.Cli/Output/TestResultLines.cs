using DissimNet.Training;

namespace DissimNet.Cli.Output;

/// <summary>The test-image lines after a run with test images: the unbiased result first, the optimistic one labelled as such.</summary>
static class TestResultLines
{
    /// <summary>Prints the selected cell's test score, the pretrained network's, the test ceiling and the best test cell to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, TestRecord test)
    {
        output.WriteLine($"test ({test.Images} images, never used for any choice):");
        if (test.Selected is { } s)
            output.WriteLine($"  trained, selected on validation: {s.Test:F4} (layer {s.Layer}, epoch {s.Epoch}; validation {s.Val:F4})");
        if (test.Pretrained is { } p)
            output.WriteLine($"  pretrained, layer chosen on validation: {p.Test:F4} (layer {p.Layer}; validation {p.Val:F4})");
        if (test.NoiseCeiling is { } c)
            output.WriteLine($"  noise ceiling of the test images: {c.Lower:F4} .. {c.Upper:F4}");
        if (test.BestTestCellOptimistic is { } o)
            output.WriteLine($"  best test cell (chosen on the test images, optimistic): {o.Test:F4} (layer {o.Layer}, epoch {o.Epoch})");
    }
}
