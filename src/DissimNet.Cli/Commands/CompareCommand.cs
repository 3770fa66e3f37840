using System.CommandLine;
using DissimNet.Cli.Output;
using DissimNet.IO;
using DissimNet.Rdms;
using DissimNet.Reports;
using DissimNet.Statistics;
using DissimNet.Workflows;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet compare</c>: several model RDMs against the same subject RDMs, with pairwise tests (rsatoolbox-style model comparison).</summary>
internal static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var models = new Option<string[]>("--model")
        {
            Description = "A model, given once per model: [NAME=]SPEC, SPEC an RDM spec as for score (file.mat:variable[k], .npy, .csv, rsatoolbox .hdf5) or a run layer run:FOLDER[:LAYER][@EPOCH] (needs --images)",
            Required = true,
        };
        var target = new Option<string>("--target") { Description = "Subject RDMs (subjects x n x n, or subjects x time x n x n for MEG); subjects entirely NaN are left out", Required = true };
        var images = new Option<string?>("--images") { Description = "The target's images, in its order (a folder or N x H x W x 3 array spec): needed for run:... models" };
        var metric = CommonOptions.Metric();
        var pooling = CommonOptions.NoiseCeilingPooling();
        var test = new Option<string>("--test") { Description = "t: t-tests over subjects (paired between models, as rsatoolbox's t-test); bootstrap: percentile intervals and bootstrap p-values", DefaultValueFactory = _ => "t" };
        test.AcceptOnlyFromAmong(ComparisonOptions.TestNames);
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples (with --test bootstrap)", DefaultValueFactory = _ => 1000 };
        var over = new Option<string>("--bootstrap-over") { Description = "What the bootstrap resamples: subjects, conditions, or both at once", DefaultValueFactory = _ => "subjects" };
        over.AcceptOnlyFromAmong(PairedBootstrap.UnitNames);
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap", DefaultValueFactory = _ => 0 };
        var correction = new Option<string>("--correction") { Description = "Multiple-comparison correction within each family of tests: fdr (Benjamini-Hochberg), bonferroni or none", DefaultValueFactory = _ => "fdr" };
        correction.AcceptOnlyFromAmong(MultipleComparisons.Names);
        var alpha = new Option<double>("--alpha") { Description = "Significance level of the corrected p-values", DefaultValueFactory = _ => 0.05 };
        var plot = new Option<string?>("--plot") { Description = "Write a bar chart (PNG) with the noise-ceiling band, intervals and significance marks" };
        var title = new Option<string?>("--title") { Description = "Title of the bar chart" };
        var json = CommonOptions.Json();

        var command = new Command("compare", "Compare several model RDMs against subject RDMs: means with intervals, noise ceiling, tests against 0, the ceiling and each other, corrected for multiple comparisons");
        foreach (var option in new Option[] { models, target, images, metric, pooling, test, bootstrap, over, seed, correction, alpha, plot, title, json })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var testKind = ComparisonOptions.ParseTest(parse.GetValue(test)!);
            int resamples = parse.GetValue(bootstrap);
            if (testKind == ComparisonTest.Bootstrap && resamples is < 2 or > ScoreOptions.MaxBootstrapResamples)
                throw new DissimNetException($"--bootstrap must be 2 to {ScoreOptions.MaxBootstrapResamples} with --test bootstrap, got {resamples}");
            if (parse.GetValue(plot) is { } plotPath)
            {
                if (!plotPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) throw new DissimNetException($"{plotPath}: --plot must end in .png");
                OutputFile.CheckWritable(plotPath); // before any work
            }
            var specs = parse.GetValue(models)!.Select(ComparisonModelSpec.Parse).ToArray();
            string targetSpec = parse.GetValue(target)!;
            using var notes = new ConsoleProgress(console, quiet: true); // notes and warnings only, on stderr: stdout is the table or JSON
            var targetStack = RdmFiles.LoadStack(targetSpec, notes);
            CommonOptions.WriteWarnings(console, targetStack.Warnings);
            var runtime = specs.Any(s => s.IsRun) ? NetworkOptions.Runtime(console, parse) : null; // run layers build networks
            var rdms = ComparisonModels.Load(specs, parse.GetValue(images), notes, runtime: runtime);
            var options = new ComparisonOptions
            {
                Method = ComparisonMethods.Parse(parse.GetValue(metric)!),
                NoiseCeilingPooling = NoiseCeilingPoolings.Parse(parse.GetValue(pooling)!),
                Test = testKind,
                BootstrapResamples = resamples,
                BootstrapUnits = PairedBootstrap.ParseUnits(parse.GetValue(over)!),
                Seed = parse.GetValue(seed),
                Correction = MultipleComparisons.Parse(parse.GetValue(correction)!),
                Alpha = parse.GetValue(alpha),
            };
            var result = ModelComparison.Compare(rdms, [.. specs.Select(s => s.Name)], targetStack, options, notes, targetSpec);
            if (parse.GetValue(plot) is { } path)
            {
                if (FigureFonts.MissingFontWarning() is { } warning) console.Error.WriteLine($"warning: {warning}");
                new ModelComparisonPlot(result) { Title = parse.GetValue(title) }.SavePng(path);
            }
            var report = new ComparisonReport(result, [.. specs.Select(s => s.Spec)], targetSpec, parse.GetValue(plot));
            if (parse.GetValue(json)) report.WriteJson(console.Out);
            else report.WriteTable(console);
            return 0;
        });
        return command;
    }
}
