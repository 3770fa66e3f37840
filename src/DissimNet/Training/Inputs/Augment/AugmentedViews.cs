using DissimNet.Networks.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DissimNet.Training;

/// <summary>Random views of one preprocessed image (3 x H x W, the network's input space), drawn from a <see cref="Random"/> so they repeat exactly.</summary>
/// <remarks>
/// Views are made after <c>Preprocess</c>, on the normalised tensor: a crop of it is resized back to H x W by bilinear
/// interpolation, which is the same operation on the pixels up to the per-channel affine normalisation (bilinear
/// interpolation commutes with it). The jitter works on the normalised values too, relative to the image's own mean
/// and standard deviation, so it needs no knowledge of the network's normalisation constants.
/// Every view draws the same count of numbers from the generator whatever it decides, so one image's choices never shift the next's.
/// </remarks>
internal static class AugmentedViews
{
    /// <summary>Smallest crop area, as a fraction of the image.</summary>
    public const double MinArea = 0.7;

    /// <summary>Largest crop aspect ratio (width / height); the smallest is its inverse, drawn log-uniformly between.</summary>
    public const double MaxAspect = 1.25;

    /// <summary>Largest relative change of contrast, and largest brightness shift in units of the image's standard deviation.</summary>
    public const double Jitter = 0.1;

    /// <summary>The horizontal mirror image (the last axis reversed); works on one image or a batch.</summary>
    public static Tensor Flip(Tensor images) => images.flip(-1);

    /// <summary>The crop [top, top + height) x [left, left + width) of a C x H x W image, resized back to H x W (bilinear).</summary>
    public static Tensor ResizedCrop(Tensor image, long top, long left, long height, long width)
    {
        long h = image.shape[1], w = image.shape[2];
        if (top == 0 && left == 0 && height == h && width == w) return image.clone();
        var crop = image.narrow(1, top, height).narrow(2, left, width).unsqueeze(0);
        return F.interpolate(crop, size: [h, w], mode: InterpolationMode.Bilinear, align_corners: false).squeeze(0);
    }

    /// <summary>One random view of a C x H x W image under <paramref name="augmentation"/>; None returns a copy.</summary>
    public static Tensor View(Tensor image, Augmentation augmentation, Random rng)
    {
        // Always seven draws, in this order: area, aspect, top, left, flip, contrast, brightness.
        double area = MinArea + (1 - MinArea) * rng.NextDouble();
        double aspect = Math.Exp((2 * rng.NextDouble() - 1) * Math.Log(MaxAspect));
        double topFraction = rng.NextDouble(), leftFraction = rng.NextDouble();
        bool flip = rng.NextDouble() < 0.5;
        double contrast = 1 + Jitter * (2 * rng.NextDouble() - 1);
        double brightness = Jitter * (2 * rng.NextDouble() - 1);
        var view = image;
        if (augmentation.Crops())
        {
            long h = image.shape[1], w = image.shape[2];
            long width = Math.Clamp((long)Math.Round(w * Math.Sqrt(area * aspect)), 1, w);
            long height = Math.Clamp((long)Math.Round(h * Math.Sqrt(area / aspect)), 1, h);
            long top = (long)Math.Floor(topFraction * (h - height + 1)), left = (long)Math.Floor(leftFraction * (w - width + 1));
            view = ResizedCrop(image, top, left, height, width);
        }
        if (augmentation.Flips() && flip) view = Flip(view);
        if (augmentation.Jitters())
        {
            var mean = view.mean();
            var std = view.std();
            view = ScalarArithmetic.Add(ScalarArithmetic.Add(ScalarArithmetic.Mul(view - mean, contrast), mean), ScalarArithmetic.Mul(std, brightness));
        }
        return ReferenceEquals(view, image) ? image.clone() : view;
    }

    /// <summary>A generator for (seed, a, b, c), well mixed and fixed by this code (not by a runtime's hash).</summary>
    public static Random RandomFor(int seed, int a, int b, int c)
    {
        ulong z = (uint)seed;
        foreach (var part in new[] { a, b, c })
        {
            z = unchecked(z * 0x9E3779B97F4A7C15UL + (uint)part + 0xD6E8FEB86659FD93UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
        }
        return new Random((int)(z & 0x7FFFFFFF));
    }
}
