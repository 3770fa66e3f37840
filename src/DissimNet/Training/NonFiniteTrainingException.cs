namespace DissimNet.Training;

/// <summary>Training met a NaN or infinite loss, gradient or weight and stopped; the run folder still holds the last good epoch, unmarked as complete.</summary>
/// <remarks>The epoch being trained writes nothing before it is finished and checked, so resuming from
/// <see cref="LastGoodEpoch"/> (for example with a lower learning rate) continues a sound run.</remarks>
public sealed class NonFiniteTrainingException : DissimNetException
{
    /// <summary>Names what was not finite and where, e.g. "the loss of epoch 3, batch 12 is NaN".</summary>
    public NonFiniteTrainingException(string problem, int epoch, int batch, int lastGoodEpoch)
        : base($"training stopped: {problem}; the last good checkpoint is epoch {lastGoodEpoch} (resume from it, e.g. with a lower learning rate)")
    {
        Problem = problem;
        Epoch = epoch;
        Batch = batch;
        LastGoodEpoch = lastGoodEpoch;
    }

    /// <summary>What was not finite, naming the epoch and batch (the message without the advice).</summary>
    public string Problem { get; }

    /// <summary>The epoch that failed (1-based).</summary>
    public int Epoch { get; }

    /// <summary>The batch of <see cref="Epoch"/> that failed (1-based).</summary>
    public int Batch { get; }

    /// <summary>The epoch whose checkpoint summary.json names, from which the run resumes (0: before training).</summary>
    public int LastGoodEpoch { get; }
}
