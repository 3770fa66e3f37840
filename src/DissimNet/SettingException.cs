namespace DissimNet;

/// <summary>Bad input that concerns named settings (e.g. "LearningRate", "HoldoutFraction"); a front end adds how to set them.</summary>
/// <remarks>The library names settings, not command-line flags: the CLI maps <see cref="Settings"/> to its options.</remarks>
public class SettingException(string message, params string[] settings) : DissimNetException(message)
{
    /// <summary>The settings concerned, by their property names in the library's request and settings types.</summary>
    public IReadOnlyList<string> Settings { get; } = settings;
}
