using System.Text.Json.Serialization;

namespace DissimNet.Training;

/// <summary>How the learning rate changes over a run's epochs.</summary>
public enum LearningRateSchedule
{
    /// <summary>Every epoch trains at the base learning rate.</summary>
    [JsonStringEnumMemberName("constant")] Constant,

    /// <summary>Half a cosine from the base rate down to 0 over the run's epochs (see <see cref="LearningRateSchedules"/>).</summary>
    [JsonStringEnumMemberName("cosine")] Cosine,
}

/// <summary>The learning rate of each epoch; a function of the epoch number alone, so a resumed run trains with the same rates.</summary>
internal static class LearningRateSchedules
{
    /// <summary>The rate epoch <paramref name="epoch"/> (1-based) of <paramref name="epochs"/> trains with.</summary>
    /// <remarks>Cosine: lr x (1 + cos(pi (e - 1) / E)) / 2, held for the whole epoch. Epoch 1 trains at the full rate and the
    /// curve would reach 0 at epoch E + 1, so no epoch is spent at rate 0. The rate depends on E: a run resumed with more
    /// epochs continues on the longer run's curve.</remarks>
    public static double Rate(LearningRateSchedule schedule, double baseRate, int epoch, int epochs) => schedule switch
    {
        LearningRateSchedule.Constant => baseRate,
        LearningRateSchedule.Cosine => baseRate * (1 + Math.Cos(Math.PI * (epoch - 1) / Math.Max(1, epochs))) / 2,
        _ => throw new SettingException($"unknown learning-rate schedule {schedule}", nameof(TrainingSettings.LrSchedule)),
    };

    /// <summary>The rate of <paramref name="epoch"/> under <paramref name="settings"/>.</summary>
    public static double Rate(TrainingSettings settings, int epoch) => Rate(settings.LrSchedule, settings.LearningRate, epoch, settings.Epochs);
}
