namespace DissimNet;

/// <summary>An error in the user's input or files, reported as one line without a stack trace.</summary>
/// <remarks>Messages name the file, the variable and what was expected, e.g.
/// "data/x.mat: variable 'RDMs' not found (variables: a, b)".</remarks>
public class DissimNetException : Exception
{
    public DissimNetException(string message) : base(message) { }
    public DissimNetException(string message, Exception inner) : base(message, inner) { }
}
