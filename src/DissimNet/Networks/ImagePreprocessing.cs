using DissimNet.Networks.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DissimNet.Networks;

/// <summary>Image-tensor steps shared by the backbones' preprocessing.</summary>
internal static class ImagePreprocessing
{
    /// <summary>ImageNet channel means (RGB, 0..1 scale) used by TorchVision weights.</summary>
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet channel standard deviations (RGB, 0..1 scale) used by TorchVision weights.</summary>
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>N x H x W x 3 (any numeric type, 0..255) to float N x 3 x H x W, still 0..255.</summary>
    public static Tensor ToNchwFloat(Tensor rgbImagesNhwc)
    {
        if (rgbImagesNhwc.dim() != 4 || rgbImagesNhwc.shape[3] != 3)
            throw new DissimNetException($"images: expected N x H x W x 3 RGB, got shape [{string.Join(", ", rgbImagesNhwc.shape)}]");
        using var asFloat = rgbImagesNhwc.to_type(ScalarType.Float32);
        return asFloat.permute(0, 3, 1, 2).contiguous();
    }

    /// <summary>Resizes (bilinear, no antialiasing) so the shorter side is <paramref name="size"/>, then crops the centre
    /// square: TorchVision's <c>Resize(size)</c> then <c>CenterCrop(size)</c> on a tensor, with their arithmetic.</summary>
    /// <remarks>The longer side becomes <c>int(size * long / short)</c> (truncated), and the crop starts at
    /// <c>int(round((side - size) / 2))</c> with Python's rounding of halves to even, as TorchVision computes them; a square
    /// image is resized whole, so nothing of it is cut off.</remarks>
    public static Tensor ResizeAndCenterCrop(Tensor nchw, int size)
    {
        long height = nchw.shape[2], width = nchw.shape[3];
        if (height == size && width == size) return nchw.alias();
        var (newHeight, newWidth) = ResizedShape(height, width, size);
        using var resized = F.interpolate(nchw, size: [newHeight, newWidth], mode: InterpolationMode.Bilinear, align_corners: false);
        long top = CropStart(newHeight, size), left = CropStart(newWidth, size);
        return resized.narrow(2, top, size).narrow(3, left, size).contiguous();
    }

    /// <summary>TorchVision's resized shape for <c>Resize(size)</c>: the shorter side becomes <paramref name="size"/>, the
    /// longer <c>int(size * long / short)</c>.</summary>
    public static (long Height, long Width) ResizedShape(long height, long width, int size)
    {
        long shortSide = Math.Min(height, width), longSide = Math.Max(height, width);
        long newLong = (long)((double)size * longSide / shortSide);
        return height <= width ? (size, newLong) : (newLong, size);
    }

    /// <summary>TorchVision's <c>CenterCrop</c> start: <c>int(round((side - size) / 2.0))</c>, halves rounded to even.</summary>
    public static long CropStart(long side, int size) => (long)Math.Round((side - size) / 2.0, MidpointRounding.ToEven);

    /// <summary>0..255 RGB to TorchVision's normalised input: (x/255 - mean) / std per channel.</summary>
    public static Tensor NormalizeImageNet(Tensor nchw0to255)
    {
        using var scope = NewDisposeScope();
        var mean = tensor(ImageNetMean, device: nchw0to255.device).reshape(1, 3, 1, 1);
        var std = tensor(ImageNetStd, device: nchw0to255.device).reshape(1, 3, 1, 1);
        return ((ScalarArithmetic.Div(nchw0to255, 255.0) - mean) / std).MoveToOuterDisposeScope();
    }
}
