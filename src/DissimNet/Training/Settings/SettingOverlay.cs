using System.Linq.Expressions;

namespace DissimNet.Training;

/// <summary>Some training settings with values, the rest left open: what the user gave, a recipe, a workflow's defaults, a preset
/// or an architecture's defaults. <see cref="Merge"/> lays overlays over the declared defaults in one order.</summary>
public sealed class SettingOverlay
{
    readonly IReadOnlyDictionary<SettingDeclaration, object?> values;

    SettingOverlay(IReadOnlyDictionary<SettingDeclaration, object?> values) => this.values = values;

    /// <summary>No setting given.</summary>
    public static SettingOverlay Empty { get; } = new(new Dictionary<SettingDeclaration, object?>());

    /// <summary>The settings given, with their values.</summary>
    public IEnumerable<KeyValuePair<SettingDeclaration, object?>> Values => values;

    /// <summary>Whether no setting is given.</summary>
    public bool IsEmpty => values.Count == 0;

    /// <summary>Whether <paramref name="setting"/> is given.</summary>
    public bool Gives(SettingDeclaration setting) => values.ContainsKey(setting);

    /// <summary>The value given for <paramref name="setting"/>; throws when it is not given.</summary>
    public object? this[SettingDeclaration setting] => values[setting];

    /// <summary>This overlay with <paramref name="setting"/> (a property of <see cref="TrainingSettings"/>) given as <paramref name="value"/>.</summary>
    /// <example><c>SettingOverlay.Empty.With(s => s.Epochs, 5)</c></example>
    public SettingOverlay With<T>(Expression<Func<TrainingSettings, T>> setting, T value)
    {
        var name = setting.Body is MemberExpression m ? m.Member.Name : throw new ArgumentException("expected a property of TrainingSettings, e.g. s => s.Epochs", nameof(setting));
        var declaration = SettingDeclaration.All.FirstOrDefault(d => d.Property == name)
            ?? throw new ArgumentException($"{name} is not a declared training setting", nameof(setting));
        return With(declaration, value);
    }

    /// <summary>This overlay with <paramref name="setting"/> given as <paramref name="value"/> (checked).</summary>
    public SettingOverlay With(SettingDeclaration setting, object? value)
    {
        setting.Check(value);
        return new SettingOverlay(new Dictionary<SettingDeclaration, object?>(values) { [setting] = value });
    }

    /// <summary>This overlay with the setting named <paramref name="name"/> read from <paramref name="text"/>; throws
    /// <see cref="SettingException"/> for an unknown name or a value the setting does not accept.</summary>
    public SettingOverlay WithText(string name, string text)
    {
        var setting = SettingDeclaration.Find(name) ?? throw new SettingException($"'{name}' is not a training setting");
        return With(setting, setting.Parse(text));
    }

    /// <summary>An overlay read from (name, text) pairs, e.g. <c>Parse(("lr", "0.0003"), ("epochs", "30"))</c>.</summary>
    public static SettingOverlay Parse(params (string Name, string Value)[] pairs) =>
        pairs.Aggregate(Empty, (overlay, pair) => overlay.WithText(pair.Name, pair.Value));

    /// <summary>Lays the overlays over <paramref name="start"/>, the first overlay on top: a setting takes its value from the first
    /// overlay that gives it, else keeps <paramref name="start"/>'s.</summary>
    public static TrainingSettings Merge(TrainingSettings start, params IEnumerable<SettingOverlay> overlaysTopFirst)
    {
        var settings = start;
        foreach (var overlay in overlaysTopFirst.Reverse())
            foreach (var (setting, value) in overlay.values)
                settings = setting.With(settings, value);
        return settings;
    }

    /// <summary>The settings as (name, text) pairs, in declaration order, e.g. for a report.</summary>
    public override string ToString() =>
        string.Join(" ", SettingDeclaration.All.Where(values.ContainsKey).Select(d => $"{d.Name}={d.Format(values[d])}"));
}
