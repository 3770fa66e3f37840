using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>One order for every choice: what the user gave, then the preset, then the architecture's defaults, then the settings' defaults.</summary>
public class TrainRequestResolverTests() : TempFolderTests("resolver")
{
    string WeightsFile() => PlaceholderWeights(TempRoot);

    /// <summary>A one-byte stand-in for preset weights in <paramref name="folder"/>: resolving checks only that the file exists.</summary>
    internal static string PlaceholderWeights(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "vgg16.safetensors");
        File.WriteAllBytes(path, [0]);
        return path;
    }

    [Fact]
    public void NothingGivenUsesTheEmbeddedNetworkAndItsDefaults()
    {
        var resolved = TrainRequestResolver.Resolve(new TrainRequest());
        Assert.Equal("resnet18-imagenet", resolved.Network.Model);
        Assert.Equal(224, resolved.Network.InputSize);
        Assert.Equal("stage4", resolved.Settings.TrainLayer);
        Assert.Equal("upto:stage3", resolved.Settings.Freeze);
        Assert.Equal(32, resolved.Settings.BatchSize);
        Assert.Equal(0.0003, resolved.Settings.LearningRate); // the ceiling recipe's Adam rate
        Assert.Null(resolved.Transform);
    }

    [Fact]
    public void APresetFillsWhatTheUserLeftOpenAndFlagsWin()
    {
        var weights = WeightsFile();
        var resolved = TrainRequestResolver.Resolve(new TrainRequest { Preset = "algonauts2019-meg-late", Weights = weights, Settings = SettingOverlay.Empty.With(x => x.LearningRate, 0.01) });
        Assert.Equal("vgg16", resolved.Network.Model);
        Assert.Equal(300, resolved.Network.InputSize);
        Assert.Equal("conv5_3", resolved.Settings.TrainLayer);
        Assert.Equal("none", resolved.Settings.Freeze);
        Assert.Equal(16, resolved.Settings.BatchSize);      // the preset's
        Assert.Equal(0.01, resolved.Settings.LearningRate); // the user's
        Assert.Equal(TargetTransform.ZScoreMeg, resolved.Transform);
        Assert.Equal(("meg", "late"), (resolved.Track, resolved.Region));
        Assert.Equal(Path.GetFullPath(weights), resolved.Network.Weights);
    }

    [Fact]
    public void TheUsersModelBeatsThePresetsAndBringsItsOwnDefaults()
    {
        var resolved = TrainRequestResolver.Resolve(new TrainRequest { Model = "resnet18", Settings = SettingOverlay.Parse(("freeze", "none")) });
        Assert.Equal("layer4", resolved.Settings.TrainLayer);
        Assert.Equal("none", resolved.Settings.Freeze);
    }

    [Fact]
    public void ANetworkWithoutDefaultsNeedsATrainLayer()
    {
        var e = Assert.Throws<SettingException>(() => TrainRequestResolver.Resolve(new TrainRequest { Model = "alexnet" }));
        Assert.Contains("alexnet has no default train layer", e.Message);
        Assert.Equal("conv4", TrainRequestResolver.Resolve(new TrainRequest { Model = "alexnet", Settings = SettingOverlay.Parse(("train-layer", "conv4")) }).Settings.TrainLayer);
    }

    [Fact]
    public void PresetsAreDataAndNameTheMissingWeights()
    {
        var preset = TrainingPresets.Get("algonauts2019-meg-late");
        Assert.Equal("vgg16", preset.Architecture);
        var freeze = SettingDeclaration.Find("freeze")!;
        Assert.Equal("none", preset.Settings[freeze]);
        Assert.Equal(300, preset.InputSize);
        Assert.Equal(16, preset.Settings[SettingDeclaration.Find("batch")!]);
        Assert.Equal("from:conv5", TrainingPresets.Get("algonauts2019-fmri-early").Settings[freeze]);
        Assert.Equal("upto:conv5_2", TrainingPresets.Get("algonauts2019-fmri-late").Settings[freeze]);
        var e = Assert.Throws<SettingException>(() => TrainRequestResolver.Resolve(new TrainRequest { Preset = preset.Name }));
        Assert.Contains("weights", e.Message);
        Assert.Contains("vgg16", e.Message);
        Assert.Throws<DissimNetException>(() => TrainingPresets.Get("algonauts2021"));
    }

    [Fact]
    public void BadSettingsAreRefusedBeforeAnyDataIsRead()
    {
        var e = Assert.Throws<SettingException>(() => SettingOverlay.Parse(("lr", "-1")));
        Assert.Equal(["LearningRate"], e.Settings);
        Assert.Contains("setting 'lr' must be a finite number > 0, got -1", e.Message);
        // Typed API values are checked by the same declaration.
        e = Assert.Throws<SettingException>(() => SettingOverlay.Empty.With(s => s.LearningRate, double.NaN));
        Assert.Equal(["LearningRate"], e.Settings);
    }
}
