namespace DissimNet.Sweeps;

/// <summary>The <c>dissimnet</c> commands a cell's step runs.</summary>
internal enum StepCommand
{
    /// <summary>A training run.</summary>
    Train,

    /// <summary>A cross-validation, or some of its folds.</summary>
    Crossval,

    /// <summary>A layer's RDM.</summary>
    Rdm,

    /// <summary>The score of an RDM against a target.</summary>
    Score,
}

/// <summary>One step of a cell, as data: the command, the options as the plan gave them, and where its output goes. The command line
/// is made from it by whoever starts the step.</summary>
/// <param name="Command">The command.</param>
/// <param name="Options">The cell's options as the plan gave them (names without dashes). Of an rdm-score cell both steps carry all
/// of them; each step takes those its command has (the score's own options go to score, the rest to rdm).</param>
/// <param name="Output">The file or folder the step produces; a step whose file output exists is skipped on a re-run.</param>
/// <param name="OutputIsFolder">Whether <paramref name="Output"/> is a folder (a run or a cross-validation) rather than a file.</param>
/// <param name="Resume">Whether the step continues an interrupted training run in <paramref name="Output"/>.</param>
/// <param name="Input">The file the step reads from an earlier step (the RDM a score step scores), or null.</param>
internal sealed record CellStep(StepCommand Command, IReadOnlyList<PlanOption> Options, string Output, bool OutputIsFolder = false,
    bool Resume = false, string? Input = null)
{
    /// <summary>The command's name: train, crossval, rdm or score.</summary>
    public string Name => Command.ToString().ToLowerInvariant();
}

/// <summary>The steps a cell runs, from its plan, in order.</summary>
internal static class CellSteps
{
    /// <summary>Output names inside a cell folder.</summary>
    public const string RunFolder = "run", CrossvalFolder = "crossval", RdmFile = "rdm.npy", ScoreFile = "score.json";

    /// <summary>The steps of <paramref name="cell"/>.</summary>
    public static IReadOnlyList<CellStep> For(SweepFolder folder, SweepCell cell)
    {
        var dir = folder.CellPath(cell);
        var options = cell.Options(folder.Plan);
        switch (folder.Plan.Command)
        {
            case CellKind.Train:
            {
                var run = Path.Combine(dir, RunFolder);
                bool resume = File.Exists(Path.Combine(run, Training.RunFolder.SummaryFile));
                return [new CellStep(StepCommand.Train, options, run, OutputIsFolder: true, Resume: resume)];
            }
            case CellKind.Crossval:
                return [new CellStep(StepCommand.Crossval, options, Path.Combine(dir, CrossvalFolder), OutputIsFolder: true)];
            case CellKind.CrossvalFold:
                // The folds' sweep folder lies inside the cross-validation folder, whose fold-NN/ folders the fold runs write.
                return [new CellStep(StepCommand.Crossval, options, CrossvalFolderOf(folder), OutputIsFolder: true)];
            default:
            {
                var rdm = Path.Combine(dir, RdmFile);
                return
                [
                    new CellStep(StepCommand.Rdm, options, rdm),
                    new CellStep(StepCommand.Score, options, Path.Combine(dir, ScoreFile), Input: rdm),
                ];
            }
        }
    }

    /// <summary>The cross-validation folder of a <see cref="CellKind.CrossvalFold"/> sweep: the folder that holds the sweep folder.</summary>
    public static string CrossvalFolderOf(SweepFolder folder) =>
        Path.GetDirectoryName(Path.GetFullPath(folder.Path).TrimEnd(Path.DirectorySeparatorChar)) ?? folder.Path;
}
