namespace DissimNet.Sweeps;

/// <summary>One <c>dissimnet</c> invocation of a cell.</summary>
/// <param name="Name">The subcommand (train, crossval, rdm, score).</param>
/// <param name="Arguments">The arguments after the executable, subcommand first.</param>
/// <param name="ResultFile">Where the step's standard output is the result (score's JSON); null when it only logs.</param>
/// <param name="Output">The file or folder the step produces; a step whose file output exists is skipped on a re-run.</param>
/// <param name="OutputIsFolder">Whether <paramref name="Output"/> is a folder (a run) rather than a file.</param>
public sealed record CellStep(string Name, IReadOnlyList<string> Arguments, string? ResultFile, string Output, bool OutputIsFolder = false);

/// <summary>The command lines a cell runs, from its plan, in order.</summary>
public static class CellSteps
{
    /// <summary>Output names inside a cell folder.</summary>
    public const string RunFolder = "run", CrossvalFolder = "crossval", RdmFile = "rdm.npy", ScoreFile = "score.json";

    /// <summary>The steps of <paramref name="cell"/>.</summary>
    public static IReadOnlyList<CellStep> For(SweepFolder folder, SweepCell cell)
    {
        var plan = folder.Plan;
        var dir = folder.CellPath(cell);
        var options = cell.Options(plan);
        switch (plan.Command)
        {
            case CellKind.Train:
            {
                var run = Path.Combine(dir, RunFolder);
                bool resume = File.Exists(Path.Combine(run, "summary.json"));
                return [new CellStep("train", ["train", .. Arguments(options), "--out", run, .. resume ? ["--resume"] : Array.Empty<string>()], null, run, OutputIsFolder: true)];
            }
            case CellKind.Crossval:
            {
                var run = Path.Combine(dir, CrossvalFolder);
                return [new CellStep("crossval", ["crossval", .. Arguments(options), "--out", run], null, run, OutputIsFolder: true)];
            }
            default:
            {
                var rdm = Path.Combine(dir, RdmFile);
                var score = Path.Combine(dir, ScoreFile);
                var rdmOptions = options.Where(o => !CellKinds.ScoreOptions.Contains(o.Name)).ToList();
                var scoreOptions = options.Where(o => CellKinds.ScoreOptions.Contains(o.Name)).ToList();
                return
                [
                    new CellStep("rdm", ["rdm", .. Arguments(rdmOptions), "--out", rdm], null, rdm),
                    new CellStep("score", ["score", "--model", rdm, .. Arguments(scoreOptions), "--json"], score, score),
                ];
            }
        }
    }

    /// <summary>Options as command-line words: "--name value", a flag for true, nothing for false, the option repeated for several values.</summary>
    public static IEnumerable<string> Arguments(IEnumerable<PlanOption> options)
    {
        foreach (var option in options)
            foreach (var value in option.Values)
            {
                if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) continue;
                yield return "--" + option.Name;
                if (!value.Equals("true", StringComparison.OrdinalIgnoreCase)) yield return value;
            }
    }
}
