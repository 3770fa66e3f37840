using System.CommandLine;
using DissimNet.Training;

namespace DissimNet.Cli.Commands;

/// <summary>A training setting's command-line option, made from its declaration: <c>--NAME VALUE</c>, or for a switch that is on
/// by default <c>--no-NAME</c>. Help shows the declared default and what recipes, presets, architectures and the workflow set.</summary>
internal static class SettingOptions
{
    /// <summary>The option of <paramref name="setting"/>.</summary>
    public static Option Create(SettingDeclaration setting, SettingOverlay workflowDefaults, string? workflow)
    {
        string help = $"{setting.Help} ({Defaults(setting, workflowDefaults, workflow)})";
        if (setting.ValueType == typeof(bool))
            return (bool)setting.Default! ? new Option<bool>("--no-" + setting.Name) { Description = $"Turn off: {char.ToLowerInvariant(help[0])}{help[1..]}" }
                : new Option<bool>("--" + setting.Name) { Description = help };
        var option = new Option<string?>("--" + setting.Name, [.. setting.Aliases.Select(a => "--" + a)]) { Description = help, HelpName = setting.ValueHint };
        if (setting.Choices is { } choices) option.CompletionSources.Add(choices.ToArray());
        return option;
    }

    /// <summary><paramref name="overlay"/> with the setting added when the user gave its option.</summary>
    public static SettingOverlay Read(ParseResult parse, SettingDeclaration setting, Option option, SettingOverlay overlay) => option switch
    {
        Option<bool> flag => parse.GetValue(flag) ? overlay.With(setting, option.Name.StartsWith("--no-", StringComparison.Ordinal) ? false : true) : overlay,
        Option<string?> text => parse.GetValue(text) is { } value ? overlay.WithText(setting.Name, value) : overlay,
        _ => overlay,
    };

    /// <summary>"default X; recipe ceiling: Y; presets: Z; resnet18-imagenet: W", from the declarations and overlays alone.</summary>
    static string Defaults(SettingDeclaration setting, SettingOverlay workflowDefaults, string? workflow)
    {
        var parts = new List<string>();
        var declared = setting.Default;
        parts.Add(declared switch
        {
            "" => "no default",
            null when setting.NullMeans is { } means => $"default: {means}",
            bool on => on ? "on by default" : "off by default",
            _ => $"default {setting.Format(declared)}",
        });
        if (workflowDefaults.Gives(setting)) parts.Add($"{workflow ?? "this command"}: {setting.Format(workflowDefaults[setting])}");
        foreach (var recipe in TrainingRecipes.All.Where(r => r.Settings.Gives(setting)))
            parts.Add($"recipe {recipe.Name}: {setting.Format(recipe.Settings[setting])}");
        var presets = TrainingPresets.All.Where(p => p.Settings.Gives(setting)).Select(p => setting.Format(p.Settings[setting])).Distinct().ToList();
        if (presets.Count > 0) parts.Add($"presets: {string.Join(" or ", presets)}");
        foreach (var architecture in TrainingDefaults.Architectures)
            if (TrainingDefaults.For(architecture) is var overlay && overlay.Gives(setting))
                parts.Add($"{architecture}: {setting.Format(overlay[setting])}");
        return string.Join("; ", parts);
    }
}
