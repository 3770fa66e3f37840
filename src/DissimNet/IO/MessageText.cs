namespace DissimNet.IO;

/// <summary>Text from a file made fit for an error message.</summary>
internal static class MessageText
{
    private const int MaxLength = 200;

    /// <summary>At most 200 characters of <paramref name="text"/> (a damaged header may be any length); control
    /// characters are escaped by <see cref="DissimNetException"/> itself.</summary>
    public static string Printable(string text) => text.Length > MaxLength ? text[..MaxLength] + "..." : text;
}
