namespace DissimNet.Cli;

/// <summary>The command-line option of each setting a library error names, so errors can say what to type; training settings
/// take theirs from their declarations, the data and command choices from this table.</summary>
static class SettingFlags
{
    static readonly Dictionary<string, string> Flags = new()
    {
        ["Preset"] = "--preset", ["Recipe"] = "--recipe", ["Model"] = "--model", ["Weights"] = "--weights", ["InputSize"] = "--size",
        ["Transform"] = "--transform",
        ["Track"] = "--track", ["Region"] = "--region", ["Algonauts"] = "--algonauts",
        ["Images"] = "--images", ["Targets"] = "--target", ["ValidationImages"] = "--val-images",
        ["ValidationTarget"] = "--val-target", ["HoldoutFraction"] = "--holdout-fraction", ["HoldoutSet"] = "--holdout-set",
        ["TestFraction"] = "--test-fraction", ["TestImages"] = "--test-images", ["TestTarget"] = "--test-target",
        ["Categories"] = "--categories", ["Resume"] = "--resume", ["Out"] = "--out", ["AlgonautsTrack"] = "--algonauts",
        ["Method"] = "--metric", ["NoiseCeilingPooling"] = "--nc-pooling",
        ["Models"] = "--model", ["Test"] = "--test", ["Correction"] = "--correction", ["BootstrapUnits"] = "--bootstrap-over", ["Alpha"] = "--alpha",
        ["Device"] = "--device",
        ["BootstrapResamples"] = "--bootstrap", ["Folds"] = "--folds", ["Repeats"] = "--repeats", ["Fold"] = "--fold",
        ["Threads"] = "--threads",
        ["Condensed"] = "--condensed",
        ["Ensemble"] = "--ensemble", ["Jobs"] = "--jobs", ["Format"] = "--format", ["Layer"] = "--layer",
    };

    /// <summary>The option of a setting: a training setting's from its declaration, else from the table above.</summary>
    static string? Flag(string setting) =>
        DissimNet.Training.SettingDeclaration.All.FirstOrDefault(d => d.Property == setting) is { } declared ? "--" + declared.Name : Flags.GetValueOrDefault(setting);

    /// <summary>The message with the options of its settings appended, e.g. "... (--lr)".</summary>
    public static string Describe(SettingException e)
    {
        var flags = e.Settings.Select(Flag).OfType<string>().Distinct().ToList();
        return flags.Count == 0 ? e.Message : $"{e.Message} ({string.Join(", ", flags)})";
    }
}
