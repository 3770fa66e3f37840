namespace DissimNet.Tests;

/// <summary>A progress sink that keeps the notes it receives, for tests of the library's warnings.</summary>
internal sealed class RecordingProgress : IProgressSink
{
    public List<string> Notes { get; } = [];
    public void Begin(string task, long total) { }
    public void Report(long done, string? detail = null) { }
    public void End() { }
    public void Note(string message) => Notes.Add(message);
}
