using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DissimNet.Workflows;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet crossval</c>: repeated k-fold cross-validation of Siamese training on one image set.</summary>
public static class CrossValCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var options = new TrainOptions(CrossValidationWorkflow.HelpDefaults, "crossval with resnet18-imagenet");
        var images = new Option<string?>("--images") { Description = "The images (a folder or N x H x W x 3 array spec); default: the embedded 92 images, with human IT of 4 subjects (sessions averaged) as in the demo" };
        var target = new Option<string?>("--target") { Description = "Subject RDMs of the images (subjects [x time] x n x n)" };
        var categories = new Option<string?>("--categories") { Description = "One category per image, for the folds' reports" };
        var folds = new Option<int>("--folds") { Description = $"Folds per repeat (k); default {CrossValidationWorkflow.DefaultFolds}", DefaultValueFactory = _ => CrossValidationWorkflow.DefaultFolds };
        var repeats = new Option<int>("--repeats") { Description = $"Repeats of the k-fold split; default {CrossValidationWorkflow.DefaultRepeats}", DefaultValueFactory = _ => CrossValidationWorkflow.DefaultRepeats };
        var holdout = new Option<double>("--holdout-fraction") { Description = "Fraction of each fold's non-test images held out for validation (layer and epoch selection); default 1/3", DefaultValueFactory = _ => CrossValidationWorkflow.DefaultHoldoutFraction };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples of the intervals; default 1000", DefaultValueFactory = _ => 1000 };
        var jobs = new Option<int>("--jobs") { Description = "Run the folds in this many parallel processes, each with cores / N threads (default 1: one fold after another)", DefaultValueFactory = _ => 1 };
        var only = new Option<string?>("--fold") { Description = "Run only these folds (comma-separated numbers from 1) and leave the gathering to a later run without --fold" };
        var ensemble = new Option<int>("--ensemble") { Description = "Training runs per fold (seeds seed, seed+1, ...), each choosing its own layer and epoch; the fold's score is that of their averaged test RDMs (default 1: one run per fold)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder: fold-NN/ run folders, crossval.json, crossval.html", Required = true };

        var command = new Command("crossval", "Cross-validate Siamese training: repeated k-fold over the images, each fold a full training run with the layer and epoch "
            + "chosen on its own validation images, scored on its test images against the pretrained network; writes crossval.json and crossval.html. "
            + "Rerun the same command to continue after an interruption");
        foreach (var option in new Option[] { options.Preset, options.Recipe, images, target, categories, folds, repeats, holdout }.Concat(options.Network)
                     .Concat([bootstrap, jobs, only, output, ensemble]))
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            NetworkOptions.UseThreads(parse, options.Threads);
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
            DissimNet.IO.OutputFile.CheckFolderWritable(outFolder);
            // The run over all folds owns the folder; fold processes (--fold) work inside it under their runner.
            using var folderLock = plan.OnlyFolds is null ? DissimNet.IO.FolderLock.Take(outFolder) : null;
            using var progress = new ConsoleProgress();
            request = request with { Device = options.ResolveDevice(parse, progress) };
            using var ctrlC = new CtrlC();
            int parallel = Math.Min(parse.GetValue(jobs), Environment.ProcessorCount);
            if (parse.GetValue(jobs) > parallel)
                progress.Note($"--jobs {parse.GetValue(jobs)}: this machine has {Environment.ProcessorCount} cores, running {parallel} processes");
            try
            {
                if (parallel > 1 && plan.OnlyFolds is null)
                    RunChildren(parallel, plan.Folds * plan.Repeats, progress, ctrlC.Token);
                var result = CrossValidationWorkflow.Run(request, data, plan, outFolder, progress, ctrlC.Token);
                progress.End();
                if (plan.OnlyFolds is not null)
                {
                    Console.WriteLine($"{outFolder}: folds {string.Join(",", plan.OnlyFolds)} done; run without --fold to gather all folds");
                    return 0;
                }
                Output.CrossValidationLines.Write(result, outFolder);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"{outFolder}: stopped; finished folds and epochs are saved, run the same command again to continue");
                throw;
            }
            return 0;
        });
        return command;
    }

    static int[] ParseFolds(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) ? k
            : throw new SettingException($"'{t}' is not a fold number", "Fold")).ToArray();

    /// <summary>Runs the folds in <paramref name="jobs"/> child processes (<c>crossval ... --fold a,b,...</c>), round-robin, with cores / jobs threads each,
    /// echoing their notes with a job prefix; the parent then gathers every fold.</summary>
    static void RunChildren(int jobs, int foldCount, ConsoleProgress progress, CancellationToken cancel)
    {
        var args = Environment.GetCommandLineArgs();
        var rest = new List<string>();
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--jobs") { i++; continue; }
            if (args[i].StartsWith("--jobs=", StringComparison.Ordinal)) continue;
            rest.Add(args[i]);
        }
        // Under `dotnet DissimNet.Cli.dll`, the host is dotnet and the first argument the assembly.
        var host = Environment.ProcessPath!;
        bool viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        int threads = Math.Max(1, Environment.ProcessorCount / jobs);
        var children = new List<Process>();
        for (int j = 0; j < jobs; j++)
        {
            var mine = Enumerable.Range(1, foldCount).Where(k => (k - 1) % jobs == j).ToArray();
            if (mine.Length == 0) continue;
            var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (viaDotnet) start.ArgumentList.Add(args[0]);
            foreach (var a in rest) start.ArgumentList.Add(a);
            start.ArgumentList.Add("--fold");
            start.ArgumentList.Add(string.Join(",", mine));
            start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
            start.Environment["MKL_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
            start.Environment["NO_COLOR"] = "1";
            DissimNet.Sweeps.DissimNetExecutable.MarkChild(start);
            var child = Process.Start(start) ?? throw new DissimNetException($"could not start {host}");
            string prefix = $"[job {j + 1}: folds {string.Join(",", mine)}]";
            child.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && (line.Contains("fold ") || line.Contains("error"))) progress.Note($"{prefix} {line.Trim()}"); };
            child.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) progress.Note($"{prefix} {line.Trim()}"); };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            children.Add(child);
        }
        using (cancel.Register(() => { foreach (var c in children) if (!c.HasExited) c.Kill(entireProcessTree: true); }))
            foreach (var child in children) child.WaitForExit();
        cancel.ThrowIfCancellationRequested();
        if (children.FirstOrDefault(c => c.ExitCode != 0) is { } failed)
            throw new DissimNetException($"a fold process stopped with exit code {failed.ExitCode} (its messages are above); rerun the same command to continue");
    }
}
