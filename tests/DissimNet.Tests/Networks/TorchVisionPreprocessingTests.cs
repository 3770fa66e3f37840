using DissimNet.IO;
using DissimNet.Networks;
using static TorchSharp.torch;

namespace DissimNet.Tests.Networks;

/// <summary>Non-square images are resized and centre-cropped exactly as TorchVision's <c>Resize(S)</c> + <c>CenterCrop(S)</c> do
/// (fixture made with TorchVision 0.14 by tests/fixtures-src/make_torchvision_resize_crop.py).</summary>
public sealed class TorchVisionPreprocessingTests
{
    const int Cases = 7;

    [Fact]
    public void NonSquareImagesAreResizedAndCroppedAsTorchVisionDoes()
    {
        var fixture = TestPaths.Fixture("torchvision_resize_crop.npz");
        for (int k = 0; k < Cases; k++)
        {
            var image = DataSpec.LoadArray($"{fixture}:image{k}");
            var expected = DataSpec.LoadArray($"{fixture}:out{k}");
            var geometry = ((long[])DataSpec.LoadArray($"{fixture}:geometry{k}").Data);
            int size = (int)geometry[0];
            long height = image.Shape[0], width = image.Shape[1];

            // The geometry first, so that a mismatch says which step differs.
            Assert.Equal((geometry[1], geometry[2]), ImagePreprocessing.ResizedShape(height, width, size));
            Assert.Equal(geometry[3], ImagePreprocessing.CropStart(geometry[1], size));
            Assert.Equal(geometry[4], ImagePreprocessing.CropStart(geometry[2], size));

            using var scope = NewDisposeScope();
            var nchw = ImagePreprocessing.ToNchwFloat(tensor((byte[])image.Data).reshape(1, height, width, 3));
            var actual = ImagePreprocessing.ResizeAndCenterCrop(nchw, size).squeeze(0);
            var want = tensor((float[])expected.Data).reshape(3, size, size);
            // Both sides interpolate bilinearly in float32 from the same pixels; 1e-3 on the 0..255 scale allows rounding only.
            double difference = (actual - want).abs().max().item<float>();
            Assert.True(difference < 1e-3, $"case {k} ({height} x {width} to {size}): largest difference {difference}");
        }
    }
}
