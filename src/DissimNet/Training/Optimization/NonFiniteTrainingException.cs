namespace DissimNet.Training;

/// <summary>Training met a NaN or infinite loss, gradient or weight and stopped; the run folder still holds the last good epoch, unmarked as complete.</summary>
/// <remarks>The epoch being trained writes nothing before it is finished and checked, so resuming from
/// <see cref="LastGoodEpoch"/> (for example with a lower learning rate) continues a sound run.</remarks>
internal sealed class NonFiniteTrainingException : DissimNetException
{
    /// <summary>The advice unless a caller words it for its own interface (e.g. a command line naming its flags).</summary>
    public const string DefaultAdvice = "resume from it, e.g. with a lower learning rate";

    /// <summary>Names what was not finite and where, e.g. "the loss of epoch 3, batch 12 is NaN".</summary>
    public NonFiniteTrainingException(string problem, int epoch, int batch, int lastGoodEpoch, string advice = DefaultAdvice, Exception? inner = null)
        : base($"training stopped: {problem}; the last good checkpoint is epoch {lastGoodEpoch} ({advice})", inner!)
    {
        Problem = problem;
        Epoch = epoch;
        Batch = batch;
        LastGoodEpoch = lastGoodEpoch;
    }

    /// <summary>The same error with other advice in its message, e.g. naming command-line flags.</summary>
    public NonFiniteTrainingException WithAdvice(string advice) => new(Problem, Epoch, Batch, LastGoodEpoch, advice, this);

    /// <summary>What was not finite, naming the epoch and batch (the message without the advice).</summary>
    public string Problem { get; }

    /// <summary>The epoch that failed (1-based).</summary>
    public int Epoch { get; }

    /// <summary>The batch of <see cref="Epoch"/> that failed (1-based).</summary>
    public int Batch { get; }

    /// <summary>The epoch whose checkpoint summary.json names, from which the run resumes (0: before training).</summary>
    public int LastGoodEpoch { get; }
}
