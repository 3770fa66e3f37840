using System.CommandLine;
using DissimNet.Algonauts;
using DissimNet.Cli.Output;
using DissimNet.Statistics;
using DissimNet.Rdms;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet score</c>: how well a model RDM matches subject RDMs (RSA, optionally Algonauts 2019 scoring).</summary>
internal static class ScoreCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "Model RDM: file.mat:variable[.field], file.npy, ...; append [k] to pick one of several", Required = true };
        var modelIndex = new Option<int?>("--model-index") { Description = "Pick RDM k (0-based) when the model spec holds several" };
        var target = new Option<string>("--target") { Description = "Subject RDMs (subjects x n x n, or subjects x time x n x n for MEG); a subject whose RDM is entirely NaN is left out of every number (scores, t-test, noise ceiling, bootstrap), with a warning", Required = true };
        var metric = CommonOptions.Metric();
        var pooling = CommonOptions.NoiseCeilingPooling();
        var algonauts = new Option<string?>("--algonauts") { Description = "Score as the Algonauts 2019 devkit: fmri or meg (Spearman, mean r²)" };
        algonauts.AcceptOnlyFromAmong("fmri", "meg");
        var imageSet = new Option<int?>("--image-set") { Description = "Algonauts image set (92, 118 or 78) whose published noise ceiling to use; the RDMs must be of its 92, 118 or 78 images" };
        var region = new Option<string?>("--region") { Description = "Algonauts region: EVC, IT, early or late (default: from the target's variable name)" };
        var nc = new Option<double?>("--nc") { Description = "Noise ceiling in r² units to express the score as a percentage of" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples over subjects and over conditions for confidence intervals (0 = none)", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap", DefaultValueFactory = _ => 0 };
        var json = CommonOptions.Json();
        var output = new Option<string?>("--out") { Description = "Also write the score to this JSON file (the score as the library records it; what a sweep's rdm-score cell keeps)" };

        var command = new Command("score", "Compare a model RDM with subject RDMs: per-subject correlations, mean r², t-test, noise ceiling, bootstrap intervals");
        foreach (var option in new Option[] { model, modelIndex, target, metric, pooling, algonauts, imageSet, region, nc, bootstrap, seed, json, output })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            string modelSpec = parse.GetValue(model)!, targetSpec = parse.GetValue(target)!;
            int resamples = parse.GetValue(bootstrap);
            // Checked before any file is read, as one line (a parse validator would print the whole help).
            if (resamples is < 0 or > ScoreOptions.MaxBootstrapResamples)
                throw new DissimNetException($"--bootstrap must be 0 to {ScoreOptions.MaxBootstrapResamples}, got {resamples}");
            using var notes = new ConsoleProgress(console, quiet: true); // notes and warnings only, on stderr: stdout is the table or JSON
            var trackName = parse.GetValue(algonauts);
            var method = ComparisonMethods.Parse(parse.GetValue(metric)!);
            var pool = NoiseCeilingPoolings.Parse(parse.GetValue(pooling)!);
            if (trackName is null && parse.GetValue(imageSet) is null && parse.GetValue(region) is null)
            {
                // Large condensed .npy RDMs are scored one RDM at a time; a live bar only where it cannot mix with the table.
                using var bar = new ConsoleProgress(console, quiet: parse.GetValue(json) || console.OutputRedirected);
                var options = new ScoreOptions { Method = method, NoiseCeilingR2 = parse.GetValue(nc), BootstrapResamples = resamples, Seed = parse.GetValue(seed),
                    NoiseCeilingPooling = pool };
                if (LargeRdmFiles.TryScore(modelSpec, parse.GetValue(modelIndex), targetSpec, options, bar) is { } large)
                {
                    bar.Dispose();
                    if (parse.GetValue(output) is { } largeFile) ModelScoreFile.Write(large, largeFile);
                    Write(console, new ScoreReport(large, modelSpec, targetSpec, null, null, null, parse.GetValue(seed)), parse.GetValue(json));
                    return 0;
                }
            }
            var modelRdm = RdmFiles.LoadSingle(modelSpec, parse.GetValue(modelIndex), progress: notes);
            var targetStack = RdmFiles.LoadStack(targetSpec, notes);
            CommonOptions.WriteWarnings(console, targetStack.Warnings);
            ModelScore score;
            AlgonautsRegion? algonautsRegion = null;
            if (trackName is not null)
            {
                if (method != ComparisonMethod.Spearman)
                    throw new DissimNetException($"--algonauts scores with Spearman correlation as the devkit does; drop --metric {method.Name()}");
                var track = AlgonautsNames.ParseTrack(trackName);
                algonautsRegion = parse.GetValue(region) is { } r ? AlgonautsNames.ParseRegion(r) : AlgonautsNames.InferRegion(targetSpec, track);
                score = AlgonautsEvaluation.Score(modelRdm, targetStack, track, parse.GetValue(imageSet), algonautsRegion,
                    resamples, parse.GetValue(seed), notes, modelSpec, targetSpec, parse.GetValue(nc), pool);
            }
            else
            {
                if (parse.GetValue(imageSet) is not null || parse.GetValue(region) is not null)
                    throw new DissimNetException("--image-set and --region apply to Algonauts scoring; add --algonauts fmri or --algonauts meg");
                var options = new ScoreOptions { Method = method, NoiseCeilingR2 = parse.GetValue(nc), BootstrapResamples = resamples, Seed = parse.GetValue(seed),
                    NoiseCeilingPooling = pool };
                score = ModelEvaluation.Score(modelRdm, targetStack, options, notes, modelSpec, targetSpec);
            }
            if (parse.GetValue(output) is { } file) ModelScoreFile.Write(score, file);
            Write(console, new ScoreReport(score, modelSpec, targetSpec, trackName, algonautsRegion, parse.GetValue(imageSet), parse.GetValue(seed)), parse.GetValue(json));
            return 0;
        });
        return command;
    }

    static void Write(CliConsole console, ScoreReport report, bool json)
    {
        if (json) report.WriteJson(console.Out);
        else report.WriteTable(console);
    }
}
