using DissimNet.Networks;

namespace DissimNet.Training;

/// <summary>Refuses to resume a run that was trained with other settings, on other data or with another network.</summary>
internal static class ResumeCheck
{
    /// <summary>Throws when <paramref name="previous"/>, read from <paramref name="path"/>, cannot be continued with
    /// <paramref name="settings"/> on <paramref name="data"/> by <paramref name="network"/>.</summary>
    /// <exception cref="DissimNetException">Naming <paramref name="path"/> and what differs.</exception>
    public static void Ensure(TrainingSummary previous, TrainingSettings settings, TrainingData data, ITappableNetwork network, string path)
    {
        if (previous.Settings is not { } old)
            throw new DissimNetException($"{path}: has no settings, so the run cannot resume");
        // The number of epochs may grow, and the learning rate may change so that a run stopped by a NaN loss can go on more gently.
        if (old with { Epochs = settings.Epochs, LearningRate = settings.LearningRate, Command = null, Recipe = null } != settings with { CandidateLayers = old.CandidateLayers, Command = null, Recipe = null }
            || !(old.CandidateLayers ?? []).SequenceEqual(settings.CandidateLayers ?? []))
            throw new DissimNetException($"{path}: was trained with other settings; resume with the same settings (only the number of epochs and the learning rate may change)");
        if (!RunCommitter.SetRecords(data).SequenceEqual(previous.Data) || previous.Validation.Images != data.Validation.Count || previous.Test?.Images != data.Test?.Count)
            throw new DissimNetException($"{path}: was trained on other data ({string.Join(", ", previous.Data.Select(d => $"{d.Name}: {d.Images} images"))})");
        if (previous.Architecture != network.Architecture)
            throw new DissimNetException($"{path}: was trained with {previous.Architecture}, not {network.Architecture}");
    }
}
