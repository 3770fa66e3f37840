using System.Globalization;
using System.Text.Json;
using DissimNet.Rdms;
using DissimNet.Statistics;
using Spectre.Console;

namespace DissimNet.Cli.Output;

/// <summary>Renders a <see cref="ModelComparisonResult"/> as tables or as JSON.</summary>
internal sealed record ComparisonReport(ModelComparisonResult Result, IReadOnlyList<string> Specs, string Target, string? PlotPath)
{
    ComparisonOptions Options => Result.Options;

    public void WriteJson(TextWriter output) => JsonOut.Write(output, w =>
    {
        w.WriteString("target", Target);
        w.WriteString("metric", Options.Method.Name());
        w.WriteNumber("n_conditions", Result.ConditionCount);
        w.WriteNumber("n_subjects", Result.SubjectCount);
        if (Result.ExcludedSubjects.Length > 0)
        {
            w.WriteStartArray("excluded_subject_indices"); // 0-based, as SPEC[k]; entirely NaN
            foreach (var s in Result.ExcludedSubjects) w.WriteNumberValue(s);
            w.WriteEndArray();
        }
        w.WriteNumber("n_time_points", Result.TimeCount);
        w.WriteString("test", ComparisonOptions.TestName(Options.Test));
        w.WriteString("correction", Options.Correction.Name());
        w.Number("alpha", Options.Alpha);
        w.Number("confidence_level", Options.ConfidenceLevel);
        if (Options.Test == ComparisonTest.Bootstrap)
        {
            w.WriteStartObject("bootstrap");
            w.WriteString("over", Options.BootstrapUnits.Name());
            w.WriteNumber("resamples", Options.BootstrapResamples);
            w.WriteNumber("valid_resamples", Result.ValidResamples ?? 0);
            w.WriteNumber("seed", Options.Seed);
            w.WriteEndObject();
        }
        if (Result.NoiseCeiling is { } nc)
        {
            w.WriteStartObject("noise_ceiling");
            w.Number("lower", nc.Lower);
            w.Number("upper", nc.Upper);
            w.WriteString("pooling", Options.NoiseCeilingPooling.Name());
            w.WriteEndObject();
        }
        w.WriteStartArray("models");
        for (int m = 0; m < Result.Models.Count; m++)
        {
            var model = Result.Models[m];
            w.WriteStartObject();
            w.WriteString("name", model.Name);
            w.WriteString("spec", Specs[m]);
            w.Number("mean", model.Mean);
            if (model.UndefinedReason is { } why) w.WriteString("undefined_reason", why);
            w.Number("standard_error", model.StandardError);
            w.Numbers("ci", [model.Interval.Lower, model.Interval.Upper]);
            w.Numbers("per_subject", model.PerSubject);
            Test(w, "above_zero", model.AboveZero);
            if (model.VersusLowerCeiling is { } ceiling)
            {
                Test(w, "versus_lower_ceiling", ceiling, close: false);
                w.WriteBoolean("below", model.BelowLowerCeiling);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("pairs");
        foreach (var d in Result.Differences)
        {
            w.WriteStartObject();
            w.WriteString("first", Result.Models[d.First].Name);
            w.WriteString("second", Result.Models[d.Second].Name);
            w.Number("difference", d.Difference); // first minus second
            w.Numbers("ci", [d.Interval.Lower, d.Interval.Upper]);
            Test(w, "test", d.Test);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (PlotPath is not null) w.WriteString("plot", PlotPath);
    });

    static void Test(Utf8JsonWriter w, string name, CorrectedTest test, bool close = true)
    {
        w.WriteStartObject(name);
        w.Number("t", test.Statistic);
        w.Number("p", test.P);
        w.Number("p_corrected", test.PCorrected);
        w.WriteBoolean("significant", test.Significant);
        if (close) w.WriteEndObject();
    }

    /// <summary>Writes the tables to <paramref name="cli"/>'s stdout.</summary>
    public void WriteTable(CliConsole cli)
    {
        var output = cli.Out;
        var console = cli.Results();
        output.WriteLine($"target: {Target}");
        output.WriteLine($"{Options.Method.Name()} over {Result.ConditionCount} conditions, {Result.SubjectCount} subjects"
            + (Result.TimeCount > 1 ? $" x {Result.TimeCount} time points (averaged)" : "")
            + (Result.ExcludedSubjects.Length > 0 ? $" (subjects {string.Join(", ", Result.ExcludedSubjects.Select(s => s + 1))} left out: entirely NaN)" : ""));
        if (Result.NoiseCeiling is { } nc)
            output.WriteLine($"noise ceiling: {F(nc.Lower)} to {F(nc.Upper)}, pooling {Options.NoiseCeilingPooling.Describe(Options.Method)}");
        output.WriteLine(Options.Test == ComparisonTest.TTest
            ? "tests: t-tests over subjects (paired between models; one-sided above 0; two-sided against the lower ceiling)"
            : $"tests: bootstrap over {Options.BootstrapUnits.Name()}, {Options.BootstrapResamples} resamples, seed {Options.Seed}"
                + (Result.ValidResamples < Options.BootstrapResamples ? $" (fewest with a defined value for a model: {Result.ValidResamples})" : ""));
        output.WriteLine($"p corrected: {Options.Correction.Describe()} within each family (pairs; above 0; against the ceiling); * = corrected p < {Options.Alpha.ToString(CultureInfo.InvariantCulture)}");

        // Corrected p-values only, to fit 80 columns; the raw ones are in --json.
        string level = $"{Options.ConfidenceLevel * 100:0}% CI";
        string corrected = Options.Correction == MultipleComparisonCorrection.None ? "" : $" ({Options.Correction.Name()})";
        var models = new Table().AddColumn("model").AddColumn(new TableColumn("mean").RightAligned())
            .AddColumn(new TableColumn(level).RightAligned().NoWrap()).AddColumn(new TableColumn($"p > 0{corrected}").RightAligned());
        if (Result.NoiseCeiling is not null) models.AddColumn(new TableColumn($"p vs lower ceiling{corrected}").RightAligned());
        foreach (var m in Result.Models)
        {
            var row = new List<string>
            {
                Markup.Escape(m.Name),
                double.IsNaN(m.Mean) && m.UndefinedReason is { } why ? Markup.Escape($"n/a ({why})") : F(m.Mean),
                Interval(m.Interval),
                P(m.AboveZero),
            };
            if (m.VersusLowerCeiling is { } c) row.Add(P(c) + (m.BelowLowerCeiling ? " below" : c.Significant ? " above" : ""));
            models.AddRow([.. row]);
        }
        console.Write(models);

        if (Result.Differences.Count > 0)
        {
            var pairs = new Table().AddColumn("model a").AddColumn("model b").AddColumn(new TableColumn("a - b").RightAligned())
                .AddColumn(new TableColumn(level).RightAligned().NoWrap());
            if (Options.Test == ComparisonTest.TTest) pairs.AddColumn(new TableColumn("t").RightAligned());
            pairs.AddColumn(new TableColumn($"p{corrected}").RightAligned().NoWrap());
            foreach (var d in Result.Differences)
            {
                var row = new List<string>
                {
                    Markup.Escape(Result.Models[d.First].Name), Markup.Escape(Result.Models[d.Second].Name), F(d.Difference), Interval(d.Interval),
                };
                if (Options.Test == ComparisonTest.TTest) row.Add(F(d.Test.Statistic, "F2"));
                row.Add(P(d.Test));
                pairs.AddRow([.. row]);
            }
            console.Write(pairs);
        }
        if (PlotPath is not null) output.WriteLine($"plot: {PlotPath}");
    }

    static string Interval(ConfidenceInterval ci) => Markup.Escape($"[{F(ci.Lower, "F3")}, {F(ci.Upper, "F3")}]");

    /// <summary>The corrected p-value with a star when significant, e.g. "0.0371 *".</summary>
    static string P(CorrectedTest test) => double.IsNaN(test.PCorrected) ? "n/a" : $"{G(test.PCorrected)}{(test.Significant ? " *" : "  ")}";

    static string F(double v, string format = "F4") => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    static string G(double v) => v.ToString(v < 1e-3 ? "0.0e+0" : "0.0000", CultureInfo.InvariantCulture);
}
