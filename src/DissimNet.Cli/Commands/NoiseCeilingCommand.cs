using System.CommandLine;
using DissimNet.Cli.Output;
using DissimNet.Statistics;
using DissimNet.Rdms;
using Spectre.Console;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet noise-ceiling</c>: how well any model could match a group of subject RDMs.</summary>
internal static class NoiseCeilingCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var target = new Option<string>("--target") { Description = "Subject RDMs (at least 3 subjects); a subject whose RDM is entirely NaN is left out, with a warning", Required = true };
        var metric = CommonOptions.Metric();
        var pooling = CommonOptions.NoiseCeilingPooling();
        var json = CommonOptions.Json();
        var command = new Command("noise-ceiling", "Lower (leave one subject out) and upper (all subjects) bounds on any model's match to subject RDMs");
        command.Options.Add(target);
        command.Options.Add(metric);
        command.Options.Add(pooling);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            string targetSpec = parse.GetValue(target)!;
            using var notes = new ConsoleProgress(console, quiet: true); // notes and warnings only, on stderr
            var method = ComparisonMethods.Parse(parse.GetValue(metric)!);
            var pool = NoiseCeilingPoolings.Parse(parse.GetValue(pooling)!);
            NoiseCeilingBounds bounds;
            int subjects;
            string? undefined = null; // why the bounds are NaN, when they are
            using (var bar = new ConsoleProgress(console, quiet: parse.GetValue(json) || console.OutputRedirected))
            {
                // Large condensed .npy RDMs are ranked one RDM at a time; otherwise the stack is loaded whole.
                if (LargeRdmFiles.TryNoiseCeiling(targetSpec, method, pool, bar) is { } large)
                    (bounds, subjects) = large;
                else
                {
                    var loaded = RdmFiles.LoadStack(targetSpec, notes);
                    CommonOptions.WriteWarnings(console, loaded.Warnings);
                    var stack = SubjectsWithData.Keep(loaded, targetSpec, notes, out _); // as `score` counts them
                    bounds = NoiseCeiling.Compute(stack, method, targetSpec, pool);
                    subjects = stack.SubjectCount;
                    if (double.IsNaN(bounds.Lower) || double.IsNaN(bounds.Upper)) undefined = WhyUndefined(stack, method);
                }
            }
            if (parse.GetValue(json))
                JsonOut.Write(console.Out, w =>
                {
                    w.WriteString("target", targetSpec);
                    w.WriteString("metric", method.Name());
                    w.WriteString("pooling", pool.Name());
                    w.WriteNumber("n_subjects", subjects);
                    w.Number("lower", bounds.Lower);
                    w.Number("upper", bounds.Upper);
                    if (undefined is not null) w.WriteString("undefined_reason", undefined);
                });
            else
            {
                var results = console.Results();
                var table = new Table().Title(Markup.Escape(targetSpec)).AddColumn("noise ceiling").AddColumn(new TableColumn(method.Name()).RightAligned());
                string Bound(double v) => double.IsNaN(v) ? Markup.Escape($"n/a ({undefined ?? "undefined"})") : v.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
                table.AddRow("lower", Bound(bounds.Lower));
                table.AddRow("upper", Bound(bounds.Upper));
                table.AddRow("subjects", subjects.ToString(System.Globalization.CultureInfo.InvariantCulture));
                table.AddRow("pooling", Markup.Escape(pool.Describe(method)));
                results.Write(table);
            }
            return 0;
        });
        return command;
    }

    /// <summary>Why a ceiling is undefined: the first subject compared with the mean of all subjects, as the upper bound does.</summary>
    static string WhyUndefined(DissimNet.Rdms.RdmStack stack, ComparisonMethod method)
    {
        var mean = new double[stack.PairCount];
        for (int s = 0; s < stack.Count; s++)
        {
            var v = stack.Vector(s);
            for (int k = 0; k < mean.Length; k++) mean[k] += v[k] / stack.Count;
        }
        return DissimNet.Rdms.UndefinedComparison.Reason(stack.Vector(0), mean, method, "subject RDM", "mean of the subjects' RDMs")
            ?? "no subject's comparison with the others is defined";
    }
}
