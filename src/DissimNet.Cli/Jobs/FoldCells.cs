using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DissimNet.IO;
using DissimNet.Sweeps;

namespace DissimNet.Cli.Jobs;

/// <summary>A cross-validation's folds as the cells of a sweep folder inside the cross-validation folder (<c>OUT/fold-cells/</c>):
/// each cell runs <c>crossval OPTIONS --fold K --out OUT</c>, so <c>crossval --jobs N</c> runs them as a local sweep and
/// <c>crossval --slurm</c> as a Slurm job array. The cross-validation itself (rerun, or <c>collect OUT</c>) gathers the folds.</summary>
internal static class FoldCells
{
    /// <summary>The sweep folder's name inside the cross-validation folder.</summary>
    public const string FolderName = "fold-cells";

    /// <summary>The Slurm script's name inside the cross-validation folder.</summary>
    public const string SlurmScript = "crossval.sbatch";

    /// <summary>Options of the command line the cells do not repeat: where and how the folds run, which the cells set themselves.</summary>
    static readonly HashSet<string> NotPassed = new(StringComparer.Ordinal)
        { "out", "fold", "jobs", "slurm", "dry-run", "slurm-cpus", "slurm-memory", "slurm-time", "slurm-partition" };

    /// <summary>The sweep folder of the cross-validation folder <paramref name="outFolder"/>.</summary>
    public static string PathIn(string outFolder) => Path.Combine(outFolder, FolderName);

    /// <summary>Creates (or opens, for the same options) the sweep folder of <paramref name="count"/> folds, whose cells get the options
    /// the user gave <c>crossval</c> in <paramref name="parse"/>.</summary>
    /// <exception cref="DissimNetException">When the folder holds the folds of other options, or is a link.</exception>
    public static SweepFolder Create(ParseResult parse, string outFolder, int count, CellResources resources)
    {
        var path = PathIn(outFolder);
        OutputFile.CheckWithin(outFolder, path, folder: true);
        var plan = new SweepPlan(Path.Combine(path, SweepFolder.PlanFile), CellKind.CrossvalFold, GivenOptions(parse.CommandResult), [],
            [new PlanAxis(CellKinds.FoldAxis, Enumerable.Range(1, count).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToList())], resources);
        KeepCellsWithNewResources(path, plan);
        return SweepFolder.Create(path, plan);
    }

    /// <summary>Asking for other Slurm resources (a longer time for the folds that ran out of it) keeps the folds: when the folder's plan
    /// differs from <paramref name="plan"/> only in its resources, its plan is replaced (the cells' ids do not depend on resources).</summary>
    static void KeepCellsWithNewResources(string path, SweepPlan plan)
    {
        var planFile = Path.Combine(path, SweepFolder.PlanFile);
        if (!File.Exists(planFile)) return;
        var old = SweepFolder.Open(path);
        if (old.Plan.Resources == plan.Resources || !old.Cells.Select(c => c.Id).SequenceEqual(SweepCell.Expand(plan).Select(c => c.Id))) return;
        var json = SweepFolder.ToJson(plan).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        OutputFile.WriteText(planFile, json + "\n", within: path);
    }

    /// <summary>The options the user gave (not their defaults), by name without dashes, with their values as typed; a flag given
    /// without a value is "true".</summary>
    static List<PlanOption> GivenOptions(CommandResult command) =>
        command.Children.OfType<OptionResult>()
            .Where(r => !r.Implicit && !NotPassed.Contains(r.Option.Name.TrimStart('-')))
            .Select(r => new PlanOption(r.Option.Name.TrimStart('-'), r.Tokens.Count > 0 ? r.Tokens.Select(t => t.Value).ToList() : ["true"]))
            .ToList();

    /// <summary>Whether <paramref name="outFolder"/> holds fold cells (a cross-validation run with --jobs or --slurm).</summary>
    public static bool In(string outFolder) => File.Exists(Path.Combine(PathIn(outFolder), SweepFolder.PlanFile));

    /// <summary>The folds whose result is not (yet) there, each with why: its status, or the reason its run does not validate.</summary>
    public static IReadOnlyList<(SweepCell Cell, string Why)> Unfinished(SweepFolder folder)
    {
        var open = new List<(SweepCell, string)>();
        foreach (var cell in folder.Cells)
        {
            try
            {
                SweepCollector.ReadOutput(folder, cell, []);
            }
            catch (DissimNetException e)
            {
                var status = folder.Status(cell);
                open.Add((cell, status.State switch
                {
                    CellState.Failed => $"failed: {status.Error}",
                    CellState.Running => "running (or stopped without a word)",
                    CellState.Pending => "not started",
                    _ => e.Message,
                }));
            }
        }
        return open;
    }

    /// <summary>The <c>crossval</c> command line (subcommand first) that gathers the folds of <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> GatherArguments(SweepFolder folder) =>
        ["crossval", .. CellCommandLine.Words(folder.Plan.Options), "--out", CellSteps.CrossvalFolderOf(folder)];
}
