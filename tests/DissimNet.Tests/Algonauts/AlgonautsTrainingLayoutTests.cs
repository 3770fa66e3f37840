using DissimNet.Algonauts;
using DissimNet.IO;
using DissimNet.Tests.Training;
using DissimNet.Training;
using SkiaSharp;
using TorchSharp;

namespace DissimNet.Tests.Algonauts;

public sealed class AlgonautsTrainingLayoutTests() : TempFolderTests("algonauts")
{
    string root => TempRoot;

    /// <summary>A small copy of the Training_Data layout: the 92 set holds 12 images with the scipy-written fixture targets,
    /// the 118 set 10 images with targets written by the MAT writer. Image k is filled with grey level 20 k.</summary>
    string MakeLayout() => MakeLayout(root);

    /// <summary>Writes the layout under <paramref name="root"/> and returns it.</summary>
    internal static string MakeLayout(string root)
    {
        var data = Path.Combine(root, "Training_Data");
        foreach (var (folder, images, count) in new[] { ("92_Image_Set", "92images", 12), ("118_Image_Set", "118images", 10) })
        {
            var imageFolder = Path.Combine(data, folder, images);
            Directory.CreateDirectory(imageFolder);
            for (int k = 1; k <= count; k++)
            {
                using var bitmap = new SKBitmap(8, 8);
                bitmap.Erase(new SKColor((byte)(20 * k), (byte)(20 * k), (byte)(20 * k)));
                using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, 100);
                File.WriteAllBytes(Path.Combine(imageFolder, $"image_{k}.jpg"), encoded.ToArray());
            }
        }
        var set92 = Path.Combine(data, "92_Image_Set");
        File.Copy(TestPaths.Fixture("target_fmri_v5.mat"), Path.Combine(set92, "target_fmri.mat"));
        File.Copy(TestPaths.Fixture("target_meg_v5.mat"), Path.Combine(set92, "target_meg.mat"));
        var set118 = Path.Combine(data, "118_Image_Set");
        MatWriter.WriteArrays(Path.Combine(set118, "target_fmri.mat"),
        [
            new("EVC_RDMs", TrainingFixtures.SubjectRdms(15, 10, 1)),
            new("IT_RDMs", TrainingFixtures.SubjectRdms(15, 10, 2)),
        ]);
        MatWriter.WriteArrays(Path.Combine(set118, "target_meg.mat"),
        [
            new("MEG_RDMs_early", TrainingFixtures.SubjectRdms(15 * 20, 10, 3).Reshape(15, 20, 10, 10)),
            new("MEG_RDMs_late", TrainingFixtures.SubjectRdms(15 * 20, 10, 4).Reshape(15, 20, 10, 10)),
        ]);
        return root;
    }

    [Fact]
    public void ReadsBothSetsInNaturalImageOrder()
    {
        var sets = AlgonautsTrainingLayout.Load(MakeLayout(), AlgonautsTrack.Fmri, AlgonautsRegion.IT);
        Assert.Equal(["92", "118"], sets.Select(s => s.Name));
        Assert.Equal([15, 12, 12], sets[0].Rdms.Shape);
        Assert.Equal([15, 10, 10], sets[1].Rdms.Shape);
        Assert.Equal([12L, 8, 8, 3], sets[0].Images.shape);
        // image_10 comes after image_9, not after image_1.
        for (int k = 0; k < 12; k++)
            Assert.InRange(sets[0].Images[k].mean().ToDouble(), 20 * (k + 1) - 3, 20 * (k + 1) + 3);
        Assert.EndsWith("target_fmri.mat:IT_RDMs", sets[0].Source);
    }

    [Fact]
    public void MegTargetsTrainEndToEndWithAHoldout()
    {
        var sets = AlgonautsTrainingLayout.Load(MakeLayout(), AlgonautsTrack.Meg, AlgonautsRegion.Late);
        Assert.Equal([15, 20, 12, 12], sets[0].Rdms.Shape);
        var data = TrainingData.WithHoldout(sets, "92", 0.25, seed: 2, TargetTransform.ZScoreMeg);
        Assert.Equal(9 * 8 / 2 + 10 * 9 / 2, data.PairCount);
        using var net = new TinyConvNet(seed: 5);
        var settings = new TrainingSettings { TrainLayer = "conv3", Epochs = 1, BatchSize = 6, Seed = 2 };
        var summary = new SiameseTrainer(net, settings, new RsaScorer()).Run(data, Path.Combine(root, "run"));
        Assert.Equal(3, summary.Split.Val.Length);
        Assert.NotNull(summary.NoiseCeiling);
        TrainingAssert.AllFinite(summary);
    }

    [Fact]
    public void LayoutErrorsNameTheFileAndWhatWasExpected()
    {
        MakeLayout();
        var wrongRegion = Assert.Throws<DissimNetException>(() => AlgonautsTrainingLayout.Load(root, AlgonautsTrack.Fmri, AlgonautsRegion.Early));
        Assert.Contains("fmri", wrongRegion.Message);
        File.Delete(Path.Combine(root, "Training_Data", "118_Image_Set", "target_meg.mat"));
        var missing = Assert.Throws<DissimNetException>(() => AlgonautsTrainingLayout.Load(root, AlgonautsTrack.Meg, AlgonautsRegion.Early));
        Assert.Contains("target_meg.mat", missing.Message);
        File.Delete(Path.Combine(root, "Training_Data", "118_Image_Set", "118images", "image_3.jpg"));
        var count = Assert.Throws<DissimNetException>(() => AlgonautsTrainingLayout.Load(root, AlgonautsTrack.Fmri, AlgonautsRegion.EVC));
        Assert.Contains("9 images", count.Message);
        Assert.Throws<DissimNetException>(() => AlgonautsTrainingLayout.Find(Path.Combine(root, "nowhere"), AlgonautsTrack.Fmri));
    }

    [Fact]
    public void SubmissionHoldsTheTracksTwoRdmsAsDoubles()
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, "submission.mat");
        double[] Square(int seed) => TargetPreparation.Prepare(TrainingFixtures.SubjectRdms(1, 5, seed), TargetTransform.None, "m");
        var early = Square(1);
        var late = Square(2);
        AlgonautsSubmission.Write(path, AlgonautsTrack.Meg, new Dictionary<AlgonautsRegion, double[]> { [AlgonautsRegion.Early] = early, [AlgonautsRegion.Late] = late });
        var file = MatReader.Read(path);
        Assert.Equal(["MEG_RDMs_early", "MEG_RDMs_late"], file.Names.Order());
        var readEarly = new DataSpec(path, "MEG_RDMs_early").LoadArray();
        Assert.Equal([5, 5], readEarly.Shape);
        Assert.Equal(ElementType.Double, readEarly.Type);
        Assert.Equal(early, readEarly.ToDoubleArray());
        Assert.Equal(late, new DataSpec(path, "MEG_RDMs_late").LoadArray().ToDoubleArray());
        var e = Assert.Throws<DissimNetException>(() => AlgonautsSubmission.Write(path, AlgonautsTrack.Fmri, new Dictionary<AlgonautsRegion, double[]> { [AlgonautsRegion.EVC] = early }));
        Assert.Contains("IT", e.Message);
    }
}
