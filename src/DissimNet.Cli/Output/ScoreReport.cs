using System.Globalization;
using System.Text.Json;
using DissimNet.Algonauts;
using DissimNet.Statistics;
using DissimNet.Rdms;
using Spectre.Console;

namespace DissimNet.Cli.Output;

/// <summary>Renders a <see cref="ModelScore"/> as a table or as JSON.</summary>
internal sealed record ScoreReport(ModelScore Score, string Model, string Target, string? Track, AlgonautsRegion? Region, int? ImageSet, int Seed)
{
    public void WriteJson(TextWriter output) => JsonOut.Write(output, w =>
    {
        w.WriteString("model", Model);
        w.WriteString("target", Target);
        w.WriteString("metric", Score.Method.Name());
        w.WriteNumber("n_conditions", Score.ConditionCount);
        w.WriteNumber("n_subjects", Score.PerSubject.Length);
        if (Score.ExcludedSubjects.Length > 0)
        {
            w.WriteStartArray("excluded_subject_indices"); // 0-based, as SPEC[k]; entirely NaN
            foreach (var s in Score.ExcludedSubjects) w.WriteNumberValue(s);
            w.WriteEndArray();
        }
        w.WriteNumber("n_time_points", Score.TimeCount);
        w.Numbers("per_subject", Score.PerSubject);
        if (Score.PerSubjectUndefined.Any(r => r is not null))
        {
            w.WriteStartArray("per_subject_undefined_reasons"); // why each null in per_subject is null
            foreach (var r in Score.PerSubjectUndefined) w.WriteStringValue(r);
            w.WriteEndArray();
        }
        w.Number("mean", Score.Mean);
        if (Score.UndefinedReason is { } why) w.WriteString("undefined_reason", why);
        w.Number("mean_r2", Score.MeanR2);
        w.Number("t", Score.R2Test?.T);
        w.Number("p_value", Score.R2Test?.PValue);
        if (Score.R2Test is not null)
            w.WriteString("p_value_test", "two-sided one-sample t-test of the subjects' r² against 0 (as the Algonauts 2019 devkit); rsatoolbox's one-sided t_test_0 is in dissimnet compare");
        if (Score.NoiseCeiling is { } nc)
        {
            w.WriteStartObject("noise_ceiling");
            w.Number("lower", nc.Lower);
            w.Number("upper", nc.Upper);
            w.WriteString("pooling", Score.NoiseCeilingPooling.Name());
            w.WriteEndObject();
        }
        if (Score.NoiseCeilingR2 is { } ncR2)
        {
            w.Number("noise_ceiling_r2", ncR2);
            w.Number("percent_of_noise_ceiling", Score.PercentOfNoiseCeiling);
        }
        if (Track is not null)
        {
            w.WriteStartObject("algonauts");
            w.WriteString("track", Track);
            if (Region is { } r) w.WriteString("region", r.ToString());
            if (ImageSet is { } set) w.WriteNumber("image_set", set);
            w.WriteEndObject();
        }
        if (Score.BootstrapOverSubjects is not null || Score.BootstrapOverConditions is not null)
        {
            w.WriteStartObject("bootstrap");
            w.WriteNumber("seed", Seed);
            Bootstrap(w, "over_subjects", Score.BootstrapOverSubjects);
            Bootstrap(w, "over_conditions", Score.BootstrapOverConditions);
            w.WriteEndObject();
        }
    });

    static void Bootstrap(Utf8JsonWriter w, string name, BootstrapResult? result)
    {
        if (result is null) return;
        w.WriteStartObject(name);
        w.WriteNumber("resamples", result.Resamples);
        w.WriteNumber("valid_resamples", result.ValidResamples);
        w.Number("confidence_level", result.Mean.Level);
        w.Numbers("mean_ci", [result.Mean.Lower, result.Mean.Upper]);
        w.Numbers("mean_r2_ci", [result.MeanR2.Lower, result.MeanR2.Upper]);
        w.Number("standard_error_of_mean", result.StandardErrorOfMean);
        w.WriteEndObject();
    }

    /// <summary>Writes the tables to <paramref name="cli"/>'s stdout.</summary>
    public void WriteTable(CliConsole cli)
    {
        var output = cli.Out;
        var console = cli.Results();
        // Spec strings are long: on their own lines rather than as a table title that would be cut short.
        output.WriteLine($"model:  {Model}");
        output.WriteLine($"target: {Target}");
        var summary = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        summary.AddRow("comparison", Score.Method.Name());
        summary.AddRow("conditions", Score.ConditionCount.ToString(CultureInfo.InvariantCulture));
        summary.AddRow("subjects", Score.PerSubject.Length + (Score.TimeCount > 1 ? $" x {Score.TimeCount} time points (averaged)" : "") + Excluded());
        summary.AddRow("mean", OrWhy(Score.Mean, Score.UndefinedReason));
        summary.AddRow("mean r²", OrWhy(Score.MeanR2, Score.UndefinedReason));
        if (Score.R2Test is { } t) summary.AddRow("p (two-sided t-test of mean r² against 0; one-sided: compare)", OrWhy(t.PValue, double.IsNaN(Score.Mean) ? Score.UndefinedReason : null, "g4"));
        if (Score.NoiseCeiling is { } nc)
        {
            summary.AddRow("noise ceiling (lower, upper)", $"{Format(nc.Lower)}, {Format(nc.Upper)}");
            summary.AddRow("noise ceiling pooling", Markup.Escape(Score.NoiseCeilingPooling.Describe(Score.Method)));
        }
        if (Score.PercentOfNoiseCeiling is { } pct) summary.AddRow($"% of noise ceiling (r² {Format(Score.NoiseCeilingR2!.Value)})", Format(pct, "F2"));
        AddInterval(summary, "over subjects", Score.BootstrapOverSubjects);
        AddInterval(summary, "over conditions", Score.BootstrapOverConditions);
        console.Write(summary);

        var subjects = new Table().AddColumn("subject").AddColumn(new TableColumn(Score.Method.Name()).RightAligned());
        var numbers = Score.SubjectIndices;
        for (int s = 0; s < Score.PerSubject.Length; s++) subjects.AddRow((numbers[s] + 1).ToString(CultureInfo.InvariantCulture), OrWhy(Score.PerSubject[s], Score.PerSubjectUndefined.ElementAtOrDefault(s)));
        console.Write(subjects);
    }

    /// <summary>Which subjects were left out, e.g. " (subject 3 left out: entirely NaN)".</summary>
    string Excluded() => Score.ExcludedSubjects.Length == 0 ? ""
        : $" (subject{(Score.ExcludedSubjects.Length == 1 ? "" : "s")} {string.Join(", ", Score.ExcludedSubjects.Select(s => s + 1))} left out: entirely NaN)";

    static void AddInterval(Table table, string label, BootstrapResult? result)
    {
        if (result is null) return;
        table.AddRow($"{result.Mean.Level:P0} CI of mean, {label}", Escape($"[{Format(result.Mean.Lower)}, {Format(result.Mean.Upper)}]"));
        table.AddRow($"{result.MeanR2.Level:P0} CI of mean r², {label}", Escape($"[{Format(result.MeanR2.Lower)}, {Format(result.MeanR2.Upper)}]"));
    }

    static string Format(double v, string format = "F4") => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The value, or "n/a (why)" when it is NaN and the reason is known.</summary>
    static string OrWhy(double v, string? why, string format = "F4") =>
        double.IsNaN(v) && why is not null ? Escape($"n/a ({why})") : Format(v, format);

    static string Escape(string s) => Markup.Escape(s);
}
