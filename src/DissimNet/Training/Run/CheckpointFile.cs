using static TorchSharp.torch;

namespace DissimNet.Training;

/// <summary>Reads one checkpoint file of a run folder, turning whatever a damaged file makes TorchSharp throw into one line naming it.</summary>
static class CheckpointFile
{
    /// <summary>Loads safetensors weights (float32 or float16, see <see cref="CheckpointTensors"/>) into <paramref name="module"/>;
    /// a checkpoint holding NaN or infinity is refused, so no prediction, export or resumed run is built on it.</summary>
    public static void LoadWeights(nn.Module module, string path, bool strict = true)
    {
        Read(path, () => CheckpointTensors.Load(module, path, strict));
        var parameters = module.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        if (FiniteCheck.Weights(parameters) is { } bad)
            throw new DissimNetException($"{path}: {bad.Subject} {bad.State}; a checkpoint must hold finite weights (resume from an earlier epoch or train again)");
    }

    /// <summary>Runs <paramref name="load"/> on a regular file within the read limit; a truncated or random file fails in TorchSharp's readers with exceptions of many
    /// types (end of stream, JSON, pickle, native), none of which names the file or says what to do.</summary>
    public static void Read(string path, Action load)
    {
        // A device or pipe in place of a checkpoint would hang or fill memory in TorchSharp's readers.
        long length = IO.FileBytes.CheckRegular(path);
        IO.ReadLimits.Check(length, path, "the checkpoint file");
        try { load(); }
        catch (Exception e) when (e is not DissimNetException and not OutOfMemoryException and not OperationCanceledException)
        {
            // The run folder's own checks (e.g. OptimizerStateFile) say which record is wrong; TorchSharp's messages would not help.
            var detail = e is InvalidDataException ? $" ({e.Message})" : "";
            throw new DissimNetException($"{path}: corrupt or truncated checkpoint{detail}; resume from an earlier epoch or start the run again", e);
        }
    }
}
