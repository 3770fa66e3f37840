using DissimNet.Training;
using DissimNet.Workflows;

namespace DissimNet.Tests.Training;

/// <summary>Recipes fill what the user left open, before a preset and the network's defaults; a preset implies the 2019 recipe.</summary>
public class TrainingRecipeTests() : TempFolderTests("recipes")
{
    string WeightsFile() => TrainRequestResolverTests.PlaceholderWeights(TempRoot);

    [Fact]
    public void WithoutARecipeOrPresetTheCeilingRecipeTrains()
    {
        var settings = TrainRequestResolver.Resolve(new TrainRequest()).Settings;
        Assert.Equal(("ceiling", OptimizerKind.Adam, 0.0003, 5, 30), (settings.Recipe, settings.Optimizer, settings.LearningRate, settings.Patience, settings.Epochs));
    }

    [Fact]
    public void TheSgdRecipeIsTheSettingsDefaults()
    {
        var resolved = TrainRequestResolver.Resolve(new TrainRequest { Recipe = "sgd" });
        Assert.Equal(TrainingSettings.Defaults with { TrainLayer = "stage4", Freeze = "upto:stage3", Network = resolved.Network, Recipe = "sgd" },
            resolved.Settings);
    }

    [Fact]
    public void APresetTrainsAsIn2019WithItsOwnBatchUnlessARecipeIsNamed()
    {
        var weights = WeightsFile();
        var meg = TrainRequestResolver.Resolve(new TrainRequest { Preset = "algonauts2019-meg-late", Weights = weights }).Settings;
        Assert.Equal(("algonauts2019", DissimilarityLoss.SquaredError, Pairing.Pairs, 16), (meg.Recipe, meg.Loss, meg.Pairing, meg.BatchSize));
        var fmri = TrainRequestResolver.Resolve(new TrainRequest { Preset = "algonauts2019-fmri-late", Weights = weights }).Settings;
        Assert.Equal(32, fmri.BatchSize);
        var ours = TrainRequestResolver.Resolve(new TrainRequest { Preset = "algonauts2019-meg-late", Weights = weights, Recipe = "sgd" }).Settings;
        Assert.Equal((DissimilarityLoss.Correlation, Pairing.Images, 16), (ours.Loss, ours.Pairing, ours.BatchSize));
    }

    [Fact]
    public void TheUsersChoicesStandAboveTheRecipes()
    {
        var recipe = TrainingRecipes.Get("ceiling");
        var resolved = TrainRequestResolver.Resolve(new TrainRequest { Recipe = "ceiling", BatchSize = 5, Loss = DissimilarityLoss.SquaredError }).Settings;
        Assert.Equal(5, resolved.BatchSize);
        Assert.Equal(DissimilarityLoss.SquaredError, resolved.Loss);
        Assert.Equal("ceiling", resolved.Recipe);
        // Everything else the recipe chose arrives in the settings.
        if (recipe.Choices.LearningRate is { } lr) Assert.Equal(lr, resolved.LearningRate);
        if (recipe.Choices.Epochs is { } epochs) Assert.Equal(epochs, resolved.Epochs);
    }

    [Fact]
    public void FillTakesEveryPropertyTheUserLeftOpen()
    {
        // Every settable property of a full request must come through Fill onto an empty one, so no new setting escapes recipes.
        var full = new TrainRequest
        {
            Preset = "p", Model = "m", Weights = "w", InputSize = 1, TrainLayer = "t", CandidateLayers = ["a"], Freeze = "none",
            Transform = TargetTransform.None, Loss = DissimilarityLoss.Correlation, Pairing = Pairing.Pairs, BatchSize = 3, BatchesPerEpoch = 4,
            LearningRate = 0.1, Momentum = 0.5, WeightDecay = 0.2, Epochs = 7, Seed = 8, Keep = CheckpointKeep.All,
            CheckpointPrecision = CheckpointPrecision.Float16, CacheFrozenPrefix = false, Command = "c", Track = "fmri", Region = "IT",
            Device = "cpu", Readout = ReadoutMethod.Nnls, Augment = Augmentation.CropFlip, AugmentViews = 2,
            TestTimeAugmentation = TestTimeAugmentation.Flip, Optimizer = OptimizerKind.Adam, LrSchedule = LearningRateSchedule.Cosine,
            L2Sp = 0.3, Patience = 9, Recipe = "r",
        };
        foreach (var property in typeof(TrainRequest).GetProperties())
            Assert.True(property.GetValue(full) is not null, $"the test's full request leaves {property.Name} unset");
        Assert.Equal(full, new TrainingRecipe("x", "x", full).Fill(new TrainRequest()));
        Assert.Equal(new TrainRequest { Epochs = 1 }, new TrainingRecipe("x", "x", new TrainRequest()).Fill(new TrainRequest { Epochs = 1 }));
    }

    [Fact]
    public void CrossValidationTakesTheRecipesEpochsBeforeItsOwnDefault()
    {
        var plain = CrossValidationWorkflow.WithDefaults(new TrainRequest(), layersGiven: false);
        Assert.Equal("ceiling", plain.Recipe);
        var ceiling = CrossValidationWorkflow.WithDefaults(new TrainRequest { Recipe = "ceiling" }, layersGiven: false);
        var sgd = CrossValidationWorkflow.WithDefaults(new TrainRequest { Recipe = "sgd" }, layersGiven: false);
        Assert.Equal(CrossValidationWorkflow.DefaultEpochs, sgd.Epochs);
        Assert.Equal(TrainingRecipes.Get("ceiling").Choices.Epochs ?? CrossValidationWorkflow.DefaultEpochs, ceiling.Epochs);
        Assert.Equal("ceiling", ceiling.Recipe);
    }

    [Fact]
    public void AnUnknownRecipeIsOneErrorListingTheChoices()
    {
        var e = Assert.Throws<SettingException>(() => TrainRequestResolver.Resolve(new TrainRequest { Recipe = "fast" }));
        Assert.Contains("recipe 'fast' is not known", e.Message);
        Assert.Contains("ceiling", e.Message);
    }
}
