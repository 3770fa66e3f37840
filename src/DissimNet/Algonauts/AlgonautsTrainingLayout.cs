using DissimNet.IO;
using DissimNet.Training;
using DissimNet.Images;
using static TorchSharp.torch;

namespace DissimNet.Algonauts;

/// <summary>An image set of the Algonauts 2019 training data: its name, image files in order, and target file.</summary>
internal sealed record AlgonautsImageSetFiles(string Name, IReadOnlyList<string> Images, string TargetFile);

/// <summary>Reads the Algonauts 2019 training layout: <c>Training_Data/92_Image_Set/{92images/*.jpg, target_fmri.mat, target_meg.mat}</c> and the same for 118 images.</summary>
/// <remarks>Targets are 15 subjects x n x n (fMRI: <c>EVC_RDMs</c>, <c>IT_RDMs</c>) or 15 subjects x 20 time points x n x n
/// (MEG: <c>MEG_RDMs_early</c>, <c>MEG_RDMs_late</c>), in MAT v5 or v7.3. Images are taken in natural file-name order
/// (image_2 before image_10), the order of the targets' rows.</remarks>
internal static class AlgonautsTrainingLayout
{
    /// <summary>The image sets of the layout, as (folder, images folder, set name).</summary>
    public static readonly IReadOnlyList<(string Folder, string ImagesFolder, string Name)> ImageSets =
        [("92_Image_Set", "92images", "92"), ("118_Image_Set", "118images", "118")];

    /// <summary>The target variable of a region: EVC_RDMs, IT_RDMs, MEG_RDMs_early or MEG_RDMs_late.</summary>
    public static string Variable(AlgonautsTrack track, AlgonautsRegion region) => (track, region) switch
    {
        (AlgonautsTrack.Fmri, AlgonautsRegion.EVC) => "EVC_RDMs",
        (AlgonautsTrack.Fmri, AlgonautsRegion.IT) => "IT_RDMs",
        (AlgonautsTrack.Meg, AlgonautsRegion.Early) => "MEG_RDMs_early",
        (AlgonautsTrack.Meg, AlgonautsRegion.Late) => "MEG_RDMs_late",
        _ => throw new DissimNetException($"region {region} does not belong to the {track.ToString().ToLowerInvariant()} track (fmri: EVC, IT; meg: early, late)"),
    };

    /// <summary>The target file of a track: target_fmri.mat or target_meg.mat.</summary>
    public static string TargetFileName(AlgonautsTrack track) => track == AlgonautsTrack.Fmri ? "target_fmri.mat" : "target_meg.mat";

    /// <summary>The image sets found under <paramref name="root"/> (the Training_Data folder or the folder holding it).</summary>
    public static IReadOnlyList<AlgonautsImageSetFiles> Find(string root, AlgonautsTrack track)
    {
        if (!Directory.Exists(root)) throw new DissimNetException($"{root}: folder not found (expected the Algonauts 2019 Training_Data folder)");
        var data = Directory.Exists(Path.Combine(root, "Training_Data")) ? Path.Combine(root, "Training_Data") : root;
        var found = new List<AlgonautsImageSetFiles>();
        foreach (var (folder, imagesFolder, name) in ImageSets)
        {
            var setFolder = Path.Combine(data, folder);
            if (!Directory.Exists(setFolder)) continue;
            var imageFolder = Path.Combine(setFolder, imagesFolder);
            if (!Directory.Exists(imageFolder)) throw new DissimNetException($"{setFolder}: folder '{imagesFolder}' with the images is missing");
            var images = ImageSet.ImageFiles(imageFolder);
            if (images.Count == 0) throw new DissimNetException($"{imageFolder}: no .jpg or .png images");
            var target = Path.Combine(setFolder, TargetFileName(track));
            if (!File.Exists(target)) throw new DissimNetException($"{target}: file not found (the {track.ToString().ToLowerInvariant()} target of the {name}-image set)");
            found.Add(new AlgonautsImageSetFiles(name, images, target));
        }
        if (found.Count == 0)
            throw new DissimNetException($"{data}: neither 92_Image_Set nor 118_Image_Set found (expected the Algonauts 2019 Training_Data layout)");
        return found;
    }

    /// <summary>Loads every image set found: RGB images (N x H x W x 3, 0..255), the region's RDMs and a source label.</summary>
    public static IReadOnlyList<ImageSetWithRdms> Load(string root, AlgonautsTrack track, AlgonautsRegion region)
    {
        var variable = Variable(track, region);
        var result = new List<ImageSetWithRdms>();
        foreach (var set in Find(root, track))
        {
            var source = $"{set.TargetFile}:{variable}";
            var rdms = new DataSpec(set.TargetFile, variable).LoadArray();
            int expectedRank = track == AlgonautsTrack.Fmri ? 3 : 4;
            if (rdms.Rank != expectedRank || rdms.Shape[^1] != rdms.Shape[^2])
                throw new DissimNetException($"{source}: expected {(track == AlgonautsTrack.Fmri ? "subjects x n x n" : "subjects x time x n x n")}, got {rdms.ShapeText}");
            if (rdms.Shape[^1] != set.Images.Count)
                throw new DissimNetException($"{source}: RDMs are {rdms.Shape[^1]} x {rdms.Shape[^1]} but {Path.GetDirectoryName(set.Images[0])} holds {set.Images.Count} images");
            var pixels = ImageSet.FromFiles(set.Images).ToArray(Path.GetDirectoryName(set.Images[0])!);
            result.Add(new ImageSetWithRdms(set.Name, Networks.ImageTensors.FromArray(pixels), rdms, source));
        }
        return result;
    }


}
