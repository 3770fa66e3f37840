using DissimNet.IO;

namespace DissimNet.Images;

/// <summary>Checks that images given as numbers are finite and on the 0..255 scale every network's preprocessing assumes.</summary>
internal static class PixelValues
{
    /// <summary>Fails when <paramref name="images"/> holds NaN or infinite values, or floating-point values that all lie
    /// within [0, 1] (images scaled to 0..1, which would pass through a network as almost black).</summary>
    /// <remarks>Only floating-point arrays are scanned: integers are finite, and integer images are 0..255 by convention.
    /// All-zero (black) images are legal.</remarks>
    public static void Require0To255(NdArray images, string source)
    {
        if (images.Type is not (ElementType.Single or ElementType.Double)) return;
        long nonFinite = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < images.Count; i++)
        {
            double v = images.GetDouble(i);
            if (!double.IsFinite(v)) { nonFinite++; continue; }
            if (v < min) min = v;
            if (v > max) max = v;
        }
        string type = ElementTypes.MatlabName(images.Type);
        if (nonFinite > 0)
            throw new DissimNetException($"{source}: {nonFinite} of {images.Count} pixel values ({type}) are NaN or infinite; images must hold finite values on the 0..255 scale");
        if (min >= 0 && max <= 1 && max > 0)
            throw new DissimNetException($"{source}: all {images.Count} pixel values ({type}) lie within [0, 1], but images given as numbers must be on the 0..255 scale; multiply them by 255");
    }
}
