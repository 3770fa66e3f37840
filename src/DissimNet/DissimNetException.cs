namespace DissimNet;

/// <summary>An error in the user's input or files, reported as one line without a stack trace.</summary>
/// <remarks>Messages name the file, the variable and what was expected, e.g.
/// "data/x.mat: variable 'RDMs' not found (variables: a, b)". Control characters (line breaks, tabs, escape codes) are
/// shown as \xNN: a message often quotes a damaged file's bytes, which must not break the one line or the terminal.</remarks>
public class DissimNetException : Exception
{
    public DissimNetException(string message) : base(OneLine(message)) { }
    public DissimNetException(string message, Exception inner) : base(OneLine(message), inner) { }

    private static string OneLine(string message) => message.Any(char.IsControl)
        ? string.Concat(message.Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString()))
        : message;
}
