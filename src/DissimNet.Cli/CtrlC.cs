namespace DissimNet.Cli;

/// <summary>Turns Ctrl-C into a cancellation token for the length of a command, so long work stops at a safe point.</summary>
sealed class CtrlC : IDisposable
{
    readonly CancellationTokenSource _source = new();
    readonly ConsoleCancelEventHandler _handler;

    /// <summary>Starts listening.</summary>
    public CtrlC()
    {
        _handler = (_, e) => { e.Cancel = true; _source.Cancel(); };
        Console.CancelKeyPress += _handler;
    }

    /// <summary>Cancelled when the user presses Ctrl-C.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _source.Dispose();
    }
}
