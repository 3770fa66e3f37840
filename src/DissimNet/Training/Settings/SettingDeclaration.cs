using System.Globalization;
using System.Reflection;
using System.Text;

namespace DissimNet.Training;

/// <summary>One training setting as <see cref="TrainingSettings"/> declares it (<see cref="SettingAttribute"/>): the one source of
/// its name, type, default, help, allowed values and range check, for every front end.</summary>
public sealed class SettingDeclaration
{
    readonly PropertyInfo property;
    readonly SettingAttribute attribute;

    /// <summary>Every declared setting, in the order <see cref="TrainingSettings"/> declares them.</summary>
    public static IReadOnlyList<SettingDeclaration> All { get; } =
    [
        .. typeof(TrainingSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SettingAttribute>()))
            .Where(p => p.Attribute is not null)
            .OrderBy(p => p.Property.MetadataToken)
            .Select(p => new SettingDeclaration(p.Property, p.Attribute!)),
    ];

    /// <summary>The setting of that name or alias (any case), or of that <see cref="TrainingSettings"/> property; null when none.</summary>
    public static SettingDeclaration? Find(string name) => All.FirstOrDefault(d =>
        d.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || d.Property == name
        || d.Aliases.Any(a => a.Equals(name, StringComparison.OrdinalIgnoreCase)));

    internal SettingDeclaration(PropertyInfo property, SettingAttribute attribute)
    {
        this.property = property;
        this.attribute = attribute;
        ValueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        AcceptsNull = !property.PropertyType.IsValueType ? new NullabilityInfoContext().Create(property).WriteState != NullabilityState.NotNull
            : Nullable.GetUnderlyingType(property.PropertyType) is not null;
        Choices = ValueType.IsEnum ? [.. Enum.GetValues(ValueType).Cast<Enum>().Select(ValueName)] : null;
    }

    /// <summary>The name on the command line (after "--") and in plans, e.g. "lr".</summary>
    public string Name => attribute.Name;

    /// <summary>Other accepted names.</summary>
    public IReadOnlyList<string> Aliases => attribute.Aliases;

    /// <summary>The property of <see cref="TrainingSettings"/>, as <see cref="SettingException.Settings"/> names it.</summary>
    public string Property => property.Name;

    /// <summary>What the setting does (without its default).</summary>
    public string Help => attribute.Help;

    /// <summary>The value's type without nullability (string, int, double, bool, an enum, or a list of strings).</summary>
    public Type ValueType { get; }

    /// <summary>Whether null is a value (written "none", or for a list of layers "all").</summary>
    public bool AcceptsNull { get; }

    /// <summary>The names of an enum setting's values; null for other types.</summary>
    public IReadOnlyList<string>? Choices { get; }

    /// <summary>What a null value means, for help (e.g. "never stop early"); null when the setting takes no null or says nothing.</summary>
    public string? NullMeans => attribute.NullMeans;

    /// <summary>Whether a resumed run may change the value.</summary>
    public bool MayChangeOnResume => attribute.MayChangeOnResume;

    /// <summary>The declared default (the value in <see cref="TrainingSettings.Defaults"/>).</summary>
    public object? Default => Get(TrainingSettings.Defaults);

    /// <summary>The value in <paramref name="settings"/>.</summary>
    public object? Get(TrainingSettings settings) => property.GetValue(settings);

    /// <summary>A copy of <paramref name="settings"/> with this setting set to <paramref name="value"/> (checked first).</summary>
    internal TrainingSettings With(TrainingSettings settings, object? value)
    {
        Check(value);
        var copy = settings with { };
        property.SetValue(copy, value);
        return copy;
    }

    /// <summary>The value written as text, as <see cref="Parse"/> reads it (null: "none", or "all" for layers).</summary>
    public string Format(object? value) => value switch
    {
        null => NullWord,
        Enum e => ValueName(e),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(",", list),
        _ => value.ToString() ?? "",
    };

    /// <summary>Reads the value from text; throws <see cref="SettingException"/> naming the setting when it is not one.</summary>
    public object? Parse(string text)
    {
        var t = text.Trim();
        if (AcceptsNull && t.Equals(NullWord, StringComparison.OrdinalIgnoreCase)) return null;
        object? value;
        if (ValueType == typeof(string)) value = t;
        else if (ValueType == typeof(IReadOnlyList<string>))
        {
            var items = t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            value = items.Length > 0 ? items : throw Wrong($"a comma-separated list of names{(AcceptsNull ? $" or {NullWord}" : "")}", text);
        }
        else if (ValueType == typeof(int))
            value = int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i) ? i : throw Wrong(NumberKind("a whole number"), text);
        else if (ValueType == typeof(double))
            value = double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : throw Wrong(NumberKind("a finite number"), text);
        else if (ValueType == typeof(bool))
            value = t.ToLowerInvariant() switch { "true" => true, "false" => false, _ => throw Wrong("true or false", text) };
        else if (ValueType.IsEnum)
            value = Enum.GetValues(ValueType).Cast<Enum>().FirstOrDefault(e => ValueName(e).Equals(t, StringComparison.OrdinalIgnoreCase)
                        || KebabCase(e.ToString()).Equals(t, StringComparison.OrdinalIgnoreCase))
                    ?? throw Wrong(string.Join(", ", Choices!), text);
        else throw new InvalidOperationException($"setting {Name} has a type settings cannot read: {ValueType}");
        Check(value);
        return value;
    }

    /// <summary>Checks the value's range, enum membership and nullability; throws <see cref="SettingException"/> naming the setting.</summary>
    public void Check(object? value)
    {
        if (value is null)
        {
            if (!AcceptsNull) throw new SettingException($"setting '{Name}' needs a value", Property);
            return;
        }
        if (value is Enum e && !Enum.IsDefined(ValueType, e))
            throw new SettingException($"setting '{Name}' has no value {Convert.ToInt64(e, CultureInfo.InvariantCulture)}: expected {string.Join(", ", Choices!)}", Property);
        if (value is not (int or double)) return;
        double x = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        bool low = double.IsNaN(attribute.Min) || (attribute.MinExclusive ? x > attribute.Min : x >= attribute.Min);
        bool high = double.IsNaN(attribute.Max) || (attribute.MaxExclusive ? x < attribute.Max : x <= attribute.Max);
        if (!double.IsFinite(x) || !low || !high)
            throw new SettingException($"setting '{Name}' must be {NumberKind(value is int ? "a whole number" : "a finite number")}, got {Format(value)}", Property);
    }

    /// <summary>The allowed range in words, e.g. "> 0" or "in [0, 1)"; empty when any number is allowed.</summary>
    public string Range
    {
        get
        {
            string min = attribute.Min.ToString(CultureInfo.InvariantCulture), max = attribute.Max.ToString(CultureInfo.InvariantCulture);
            bool hasMin = !double.IsNaN(attribute.Min), hasMax = !double.IsNaN(attribute.Max);
            if (hasMin && hasMax) return $"in {(attribute.MinExclusive ? "(" : "[")}{min}, {max}{(attribute.MaxExclusive ? ")" : "]")}";
            if (hasMin) return $"{(attribute.MinExclusive ? ">" : ">=")} {min}";
            if (hasMax) return $"{(attribute.MaxExclusive ? "<" : "<=")} {max}";
            return "";
        }
    }

    /// <summary>The word for null: "all" for a list of layers, else "none".</summary>
    public string NullWord => ValueType == typeof(IReadOnlyList<string>) ? "all" : "none";

    /// <summary>A short name of the value's kind for help, e.g. "number", "int", or the choices.</summary>
    public string ValueHint => ValueType == typeof(int) ? "int" : ValueType == typeof(double) ? "number" : ValueType == typeof(bool) ? "true|false"
        : Choices is { } c ? string.Join("|", c) : ValueType == typeof(IReadOnlyList<string>) ? "names" : "text";

    /// <summary>The name of an enum value: its <see cref="SettingValueAttribute"/>, else its JSON name, else the kebab-case of the member name.</summary>
    public static string ValueName(Enum value)
    {
        var field = value.GetType().GetField(value.ToString());
        return field?.GetCustomAttribute<SettingValueAttribute>()?.Name
            ?? field?.GetCustomAttribute<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>()?.Name
            ?? KebabCase(value.ToString());
    }

    static string KebabCase(string name)
    {
        var b = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) b.Append('-');
            b.Append(char.ToLowerInvariant(name[i]));
        }
        return b.ToString();
    }

    string NumberKind(string kind) => Range is "" ? kind : $"{kind} {Range}";

    SettingException Wrong(string expected, string text) =>
        new($"setting '{Name}' must be {expected}{(AcceptsNull && !expected.Contains(NullWord) ? $" or {NullWord}" : "")}, got '{text}'", Property);
}
