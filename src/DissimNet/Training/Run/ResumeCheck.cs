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
        // Which settings may change (e.g. more epochs, or a lower learning rate after a NaN loss) is part of each declaration.
        if (settings.FixedDifferences(old) is { Count: > 0 } changed)
            throw new DissimNetException($"{path}: was trained with other settings ({string.Join(", ", changed)}); resume with the same settings "
                + $"(only {string.Join(", ", SettingDeclaration.All.Where(d => d.MayChangeOnResume).Select(d => d.Name))} may change)");
        if (!RunCommitter.SetRecords(data).SequenceEqual(previous.Data) || previous.Validation.Images != data.Validation.Count || previous.Test?.Images != data.Test?.Count)
            throw new DissimNetException($"{path}: was trained on other data ({string.Join(", ", previous.Data.Select(d => $"{d.Name}: {d.Images} images"))})");
        if (previous.Architecture != network.Architecture)
            throw new DissimNetException($"{path}: was trained with {previous.Architecture}, not {network.Architecture}");
    }
}
