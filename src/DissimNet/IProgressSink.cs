namespace DissimNet;

/// <summary>Receives progress from long-running library work; the CLI renders it, tests ignore it.</summary>
/// <remarks>The library never writes to the console itself.</remarks>
public interface IProgressSink
{
    /// <summary>A task of <paramref name="total"/> steps begins (total may be 0 when unknown).</summary>
    void Begin(string task, long total);

    /// <summary>The current task advanced to <paramref name="done"/> steps; <paramref name="detail"/> is a short status such as "loss 0.123".</summary>
    void Report(long done, string? detail = null);

    /// <summary>The current task is finished.</summary>
    void End();

    /// <summary>A one-line note for the user (a warning, or a result worth seeing).</summary>
    void Note(string message);
}

/// <summary>A progress sink that discards everything.</summary>
internal sealed class NullProgress : IProgressSink
{
    /// <summary>The shared instance.</summary>
    public static readonly NullProgress Instance = new();
    public void Begin(string task, long total) { }
    public void Report(long done, string? detail = null) { }
    public void End() { }
    public void Note(string message) { }
}
