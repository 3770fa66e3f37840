namespace DissimNet.Training;

/// <summary>Declares a property of <see cref="TrainingSettings"/> as a training setting: its name (the command-line option
/// without dashes, and the key in sweep plans), its help, and its allowed range. Its type and default come from the property
/// itself, so this one declaration drives the API, the command line, plans, recipes, presets, resume checks and help.</summary>
/// <param name="name">Lower-case name, e.g. "lr".</param>
/// <param name="help">What the setting does, one sentence without its default (the default is added from the declaration).</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingAttribute(string name, string help) : Attribute
{
    /// <summary>The setting's name on the command line (after "--") and in plans.</summary>
    public string Name { get; } = name;

    /// <summary>What the setting does.</summary>
    public string Help { get; } = help;

    /// <summary>Other names accepted for the setting.</summary>
    public string[] Aliases { get; init; } = [];

    /// <summary>Smallest allowed value of a number (NaN: no lower bound).</summary>
    public double Min { get; init; } = double.NaN;

    /// <summary>Whether <see cref="Min"/> itself is excluded.</summary>
    public bool MinExclusive { get; init; }

    /// <summary>Largest allowed value of a number (NaN: no upper bound).</summary>
    public double Max { get; init; } = double.NaN;

    /// <summary>Whether <see cref="Max"/> itself is excluded.</summary>
    public bool MaxExclusive { get; init; }

    /// <summary>Whether a resumed run may use another value (e.g. more epochs, or a lower learning rate after a NaN loss).</summary>
    public bool MayChangeOnResume { get; init; }

    /// <summary>What a null value means, for help (e.g. "every layer").</summary>
    public string? NullMeans { get; init; }
}

/// <summary>The name of an enum value as settings write it, where it differs from the kebab-case of the member name
/// (which is also accepted).</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class SettingValueAttribute(string name) : Attribute
{
    /// <summary>The value's name.</summary>
    public string Name { get; } = name;
}
