using System.Reflection;
using System.Text.Json;
using DissimNet.Training;

namespace DissimNet.Tests.Training;

/// <summary>Each training setting is declared once on <see cref="TrainingSettings"/>; these properties of the declarations are what
/// the command line, plans, recipes, presets and resume checks rely on.</summary>
public class SettingDeclarationTests
{
    static readonly string[] Records = [nameof(TrainingSettings.Network), nameof(TrainingSettings.Command), nameof(TrainingSettings.Recipe)];

    [Fact]
    public void EverySettingOfTheTrainerIsDeclared()
    {
        var declared = SettingDeclaration.All.Select(d => d.Property).ToHashSet();
        foreach (var property in typeof(TrainingSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            Assert.True(declared.Contains(property.Name) || Records.Contains(property.Name), $"{property.Name} has no [Setting] declaration");
        Assert.Equal(declared.Count, SettingDeclaration.All.Select(d => d.Name).Distinct().Count());
        var names = SettingDeclaration.All.SelectMany(d => d.Aliases.Prepend(d.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void EveryDefaultIsWrittenAsItIsRead()
    {
        foreach (var setting in SettingDeclaration.All.Where(d => d.Default is not ""))
            Assert.Equal(setting.Format(setting.Default), setting.Format(setting.Parse(setting.Format(setting.Default))));
    }

    [Fact]
    public void EveryEnumValueHasANameThatReadsBack()
    {
        foreach (var setting in SettingDeclaration.All.Where(d => d.Choices is not null))
            foreach (var value in Enum.GetValues(setting.ValueType).Cast<Enum>())
                Assert.Equal(value, setting.Parse(setting.Format(value)));
    }

    [Fact]
    public void SummaryJsonSpellingsReadThroughTheDeclarations()
    {
        // summary.json writes enums in kebab case; each such value must be readable as a setting too (e.g. in a plan copied from it).
        var json = JsonSerializer.SerializeToElement(TrainingSettings.Defaults with { Loss = DissimilarityLoss.SquaredError, Optimizer = OptimizerKind.AdamW }, TrainingSummary.Json);
        foreach (var setting in SettingDeclaration.All.Where(d => d.Choices is not null))
        {
            var key = JsonNamingPolicy.SnakeCaseLower.ConvertName(setting.Property);
            var written = json.GetProperty(key).GetString()!;
            Assert.Equal(setting.Get(JsonSerializer.Deserialize<TrainingSettings>(json, TrainingSummary.Json)!), setting.Parse(written));
        }
    }

    [Fact]
    public void RangesRefuseTheFirstValueOutside()
    {
        foreach (var setting in SettingDeclaration.All.Where(d => d.ValueType == typeof(int) || d.ValueType == typeof(double)))
        {
            var attribute = typeof(TrainingSettings).GetProperty(setting.Property)!.GetCustomAttribute<SettingAttribute>()!;
            if (double.IsNaN(attribute.Min)) continue;
            string below = setting.ValueType == typeof(int) ? ((int)attribute.Min - (attribute.MinExclusive ? 0 : 1)).ToString() : (attribute.MinExclusive ? attribute.Min : attribute.Min - 1e-9).ToString("R");
            var e = Assert.Throws<SettingException>(() => setting.Parse(below));
            Assert.Equal([setting.Property], e.Settings);
            Assert.Contains($"'{setting.Name}'", e.Message);
        }
    }

    [Fact]
    public void NoneAndAllReadAsOpenValues()
    {
        Assert.Null(SettingDeclaration.Find("patience")!.Parse("none"));
        Assert.Null(SettingDeclaration.Find("layers")!.Parse("ALL"));
        Assert.Equal(["a", "b"], (IReadOnlyList<string>)SettingDeclaration.Find("layers")!.Parse(" a, b ,")!);
        Assert.Throws<SettingException>(() => SettingDeclaration.Find("epochs")!.Parse("none"));
        Assert.Throws<SettingException>(() => SettingDeclaration.Find("epochs")!.Parse("1.5"));
        Assert.Throws<SettingException>(() => SettingDeclaration.Find("lr")!.Parse("NaN"));
        Assert.Throws<SettingException>(() => SettingDeclaration.Find("layers")!.Parse(","));
    }

    [Fact]
    public void AnOverlayGivesOnlyWhatItNamesAndTheTopOneWins()
    {
        var top = SettingOverlay.Parse(("epochs", "3"));
        var below = SettingOverlay.Parse(("epochs", "7"), ("seed", "4"));
        var merged = SettingOverlay.Merge(TrainingSettings.Defaults, top, below);
        Assert.Equal((3, 4, TrainingSettings.Defaults.BatchSize), (merged.Epochs, merged.Seed, merged.BatchSize));
        Assert.Throws<SettingException>(() => SettingOverlay.Parse(("no-such-setting", "1")));
    }

    [Fact]
    public void ResumeComparesExactlyTheSettingsThatMayNotChange()
    {
        var run = TrainingSettings.Defaults with { TrainLayer = "x" };
        Assert.Empty(run.FixedDifferences(run with { Epochs = 99, LearningRate = 0.1, Command = "other", Recipe = "other" }));
        Assert.Equal(["seed"], run.FixedDifferences(run with { Seed = 1 }));
        Assert.Equal(["layers"], run.FixedDifferences(run with { CandidateLayers = ["a"] }));
        Assert.Equal(["network"], run.FixedDifferences(run with { Network = new NetworkSource("m", null, 1) }));
    }
}
