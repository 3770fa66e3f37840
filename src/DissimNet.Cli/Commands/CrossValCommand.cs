using System.CommandLine;
using System.Globalization;
using DissimNet.Cli.Jobs;
using DissimNet.Sweeps;
using DissimNet.Workflows;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet crossval</c>: repeated k-fold cross-validation of Siamese training on one image set.</summary>
internal static class CrossValCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var options = new TrainOptions(CrossValidationWorkflow.HelpDefaults, "crossval with resnet18-imagenet");
        var images = new Option<string?>("--images") { Description = "The images (a folder or N x H x W x 3 array spec); default: the embedded 92 images, with human IT of 4 subjects (sessions averaged) as in the demo" };
        var target = new Option<string?>("--target") { Description = "Subject RDMs of the images (subjects [x time] x n x n)" };
        var categories = new Option<string?>("--categories") { Description = "One category per image, for the folds' reports" };
        var folds = new Option<int>("--folds") { Description = $"Folds per repeat (k); default {CrossValidationWorkflow.DefaultFolds}", DefaultValueFactory = _ => CrossValidationWorkflow.DefaultFolds };
        var repeats = new Option<int>("--repeats") { Description = $"Repeats of the k-fold split; default {CrossValidationWorkflow.DefaultRepeats}", DefaultValueFactory = _ => CrossValidationWorkflow.DefaultRepeats };
        var holdout = new Option<double>("--holdout-fraction") { Description = "Fraction of each fold's non-test images held out for validation (layer and epoch selection); default 1/3", DefaultValueFactory = _ => CrossValidationWorkflow.DefaultHoldoutFraction };
        var bootstrap = new Option<int>("--bootstrap") { Description = $"Bootstrap resamples of the intervals, {CrossValidationRequest.MinResamples} or more; default 1000", DefaultValueFactory = _ => 1000 };
        var jobs = new Option<int>("--jobs") { Description = "Run the folds as child processes, this many at a time, each with cores / N threads (default 1: one fold after another in this process)", DefaultValueFactory = _ => 1 };
        var slurm = new Option<bool>("--slurm") { Description = $"Write a Slurm job array script ({FoldCells.SlurmScript}, one task per fold) into the output folder and submit it with sbatch; "
            + "when it has ended, run the same command without --slurm, or dissimnet collect on the output folder, to gather the folds" };
        var dryRun = new Option<bool>("--dry-run") { Description = "With --slurm: write the script but do not submit it" };
        var defaults = new CellResources();
        var slurmCpus = new Option<int>("--slurm-cpus") { Description = $"With --slurm: CPUs per fold (also its torch threads); default {defaults.Cpus}", DefaultValueFactory = _ => defaults.Cpus };
        var slurmMemory = new Option<string>("--slurm-memory") { Description = $"With --slurm: memory per fold in Slurm's syntax; default {defaults.Memory}", DefaultValueFactory = _ => defaults.Memory! };
        var slurmTime = new Option<string>("--slurm-time") { Description = $"With --slurm: time limit per fold in Slurm's syntax; default {defaults.Time}", DefaultValueFactory = _ => defaults.Time! };
        var slurmPartition = new Option<string?>("--slurm-partition") { Description = "With --slurm: the partition (default: the cluster's)" };
        var only = new Option<string?>("--fold") { Description = "Run only these folds (comma-separated numbers from 1) and leave the gathering to a later run without --fold" };
        var ensemble = new Option<int>("--ensemble") { Description = "Training runs per fold (seeds seed, seed+1, ...), each choosing its own layer and epoch; the fold's score is that of their averaged test RDMs (default 1: one run per fold)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder: fold-NN/ run folders, crossval.json, crossval.html", Required = true };

        var command = new Command("crossval", "Cross-validate Siamese training: repeated k-fold over the images, each fold a full training run with the layer and epoch "
            + "chosen on its own validation images, scored on its test images against the pretrained network; writes crossval.json and crossval.html. "
            + "Rerun the same command to continue after an interruption");
        foreach (var option in new Option[] { options.Preset, options.Recipe, images, target, categories, folds, repeats, holdout }.Concat(options.Network)
                     .Concat([bootstrap, jobs, only, output, ensemble, slurm, dryRun, slurmCpus, slurmMemory, slurmTime, slurmPartition]))
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var runtime = options.Runtime(console, parse);
            var request = options.Request(parse);
            var data = new TrainingDataRequest
            {
                Images = parse.GetValue(images) is { } i ? [i] : [],
                Targets = parse.GetValue(target) is { } t ? [t] : [],
                Categories = parse.GetValue(categories),
            };
            if (data.Images.Count != data.Targets.Count)
                throw new SettingException("images and their RDMs go together (leave both out for the embedded 92 images)", "Images", "Targets");
            var outFolder = parse.GetValue(output)!;
            var plan = new CrossValidationRequest
            {
                Folds = parse.GetValue(folds),
                Repeats = parse.GetValue(repeats),
                HoldoutFraction = parse.GetValue(holdout),
                Resamples = parse.GetValue(bootstrap),
                OnlyFolds = parse.GetValue(only) is { } list ? ParseFolds(list) : null,
                Ensemble = parse.GetValue(ensemble),
            };
            plan.Validate();
            if (parse.GetValue(jobs) < 1) throw new SettingException($"the number of parallel processes must be at least 1, got {parse.GetValue(jobs)}", "Jobs");
            if (parse.GetValue(dryRun) && !parse.GetValue(slurm)) throw new DissimNetException("--dry-run goes with --slurm");
            if (parse.GetValue(slurm) && parse.GetValue(jobs) > 1) throw new DissimNetException("choose --jobs N or --slurm, not both");
            if (parse.GetValue(slurm) && plan.OnlyFolds is not null) throw new DissimNetException("--slurm runs every fold not yet done; drop --fold");
            DissimNet.IO.OutputFile.CheckFolderWritable(outFolder);
            if (parse.GetValue(slurm))
            {
                var resources = new CellResources(parse.GetValue(slurmCpus), parse.GetValue(slurmMemory), parse.GetValue(slurmTime), parse.GetValue(slurmPartition));
                return SubmitFolds(console, parse, outFolder, plan.Folds * plan.Repeats, resources, parse.GetValue(dryRun));
            }
            // The run over all folds owns the folder; fold processes (--fold) work inside it under their runner.
            using var folderLock = plan.OnlyFolds is null ? DissimNet.IO.FolderLock.Take(outFolder) : null;
            using var progress = new ConsoleProgress(console);
            runtime = options.OnDevice(console, runtime, parse, progress);
            request = request with { Device = Networks.Runtime.ComputeDevice.Describe(runtime.Device) };
            using var ctrlC = new CtrlC();
            int parallel = Math.Min(parse.GetValue(jobs), Environment.ProcessorCount);
            if (parse.GetValue(jobs) > parallel)
                progress.Note($"--jobs {parse.GetValue(jobs)}: this machine has {Environment.ProcessorCount} cores, running {parallel} processes");
            try
            {
                if (parallel > 1 && plan.OnlyFolds is null)
                    RunFolds(parse, outFolder, plan.Folds * plan.Repeats, parallel, progress, ctrlC.Token);
                var result = CrossValidationWorkflow.Run(request, data, plan, outFolder, progress, ctrlC.Token, runtime);
                progress.End();
                if (plan.OnlyFolds is not null)
                {
                    console.Out.WriteLine($"{outFolder}: folds {string.Join(",", plan.OnlyFolds)} done; run without --fold to gather all folds");
                    return 0;
                }
                Output.CrossValidationLines.Write(console.Out, result, outFolder);
            }
            catch (OperationCanceledException)
            {
                console.Error.WriteLine($"{outFolder}: stopped; finished folds and epochs are saved, run the same command again to continue");
                throw;
            }
            return 0;
        });
        return command;
    }

    static int[] ParseFolds(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) ? k
            : throw new SettingException($"'{t}' is not a fold number", "Fold")).ToArray();

    /// <summary>Runs the folds as cells of <c>OUT/fold-cells/</c>, <paramref name="jobs"/> at a time (each a child <c>crossval ... --fold K</c>
    /// with cores / jobs threads, its error lines echoed with the fold before them); the caller then gathers every fold.</summary>
    /// <exception cref="DissimNetException">When a fold failed, naming it and its error.</exception>
    static void RunFolds(ParseResult parse, string outFolder, int foldCount, int jobs, ConsoleProgress progress, CancellationToken cancel)
    {
        var folder = FoldCells.Create(parse, outFolder, foldCount, new CellResources());
        var result = LocalCells.Run(folder, DissimNetExecutable.Require(), jobs, progress, relay: true, cancel);
        if (result.Failed > 0)
        {
            var (cell, why) = FoldCells.Unfinished(folder)[0];
            throw new DissimNetException($"{result.Failed} of {folder.Cells.Count} folds failed; fold {cell.Value(CellKinds.FoldAxis)} {why} "
                + $"(its log: {Path.Combine(folder.CellPath(cell), SweepFolder.StderrLog)}); rerun the same command to continue");
        }
    }

    /// <summary>Writes the folds' Slurm job array script into the output folder and submits it (or, with <paramref name="dryRun"/>, only writes it).</summary>
    static int SubmitFolds(CliConsole console, ParseResult parse, string outFolder, int foldCount, CellResources resources, bool dryRun)
    {
        try
        {
            PlanValues.Check(resources, "crossval");
        }
        catch (DissimNetException e)
        {
            // "crossval: resources.memory: expected ..." names the option instead: "--slurm-memory: expected ...".
            throw new DissimNetException(System.Text.RegularExpressions.Regex.Replace(e.Message, @"^crossval: resources\.(\w+)", "--slurm-$1"));
        }
        var executable = DissimNetExecutable.Require();
        SlurmSweep.CheckFolder(FoldCells.PathIn(outFolder));
        using var folderLock = DissimNet.IO.FolderLock.Take(outFolder);
        var folder = FoldCells.Create(parse, outFolder, foldCount, resources);
        return SlurmCells.WriteAndSubmit(console.Out, folder, executable, dryRun, "folds", $"dissimnet collect {ShellQuote.Word(outFolder)}",
            Path.Combine(outFolder, FoldCells.SlurmScript));
    }
}
