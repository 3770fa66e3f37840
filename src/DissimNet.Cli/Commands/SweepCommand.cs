using System.CommandLine;
using DissimNet.Cli.Jobs;
using DissimNet.Sweeps;

namespace DissimNet.Cli.Commands;

/// <summary><c>dissimnet sweep</c>: runs a grid of fits from a plan file on this machine or as a Slurm job array.</summary>
internal static class SweepCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliConsole console)
    {
        var plan = new Argument<string>("PLAN") { Description = "The plan: a .json or .yaml file with command (train, crossval or rdm-score), options, grid and resources" };
        var output = new Option<string>("--out") { Description = "The sweep folder (one folder per cell, their logs and status); re-running skips cells already done", Required = true };
        var local = new Option<int?>("--local") { Description = "Run the cells on this machine, N at a time (the cores are shared out among them); the default, with 1" };
        var slurm = new Option<bool>("--slurm") { Description = "Write a Slurm job array script (sweep.sbatch) for the cells not done and submit it with sbatch" };
        var dryRun = new Option<bool>("--dry-run") { Description = "With --slurm: write the script but do not submit it" };

        var command = new Command("sweep", "Run many independent fits (a grid over models, layers, targets, seeds, recipes...) locally or on a Slurm cluster");
        command.Arguments.Add(plan);
        foreach (var option in new Option[] { output, local, slurm, dryRun }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            if (parse.GetValue(slurm) && parse.GetValue(local) is not null) throw new DissimNetException("choose --local N or --slurm, not both");
            if (parse.GetValue(dryRun) && !parse.GetValue(slurm)) throw new DissimNetException("--dry-run goes with --slurm");
            var sweepPlan = SweepPlanReader.Read(parse.GetValue(plan)!);
            if (sweepPlan.Command == CellKind.CrossvalFold)
                throw new DissimNetException($"{sweepPlan.Source}: {CellKind.CrossvalFold.Name()} cells are made by crossval --jobs and crossval --slurm; a plan's command is train, crossval or rdm-score");
            CheckCommandLines(console, SweepFolder.Preview(parse.GetValue(output)!, sweepPlan));
            if (parse.GetValue(slurm)) SlurmSweep.CheckFolder(parse.GetValue(output)!);
            var folder = SweepFolder.Create(parse.GetValue(output)!, sweepPlan);
            var executable = DissimNetExecutable.Require();
            if (parse.GetValue(slurm))
                return SlurmCells.WriteAndSubmit(console.Out, folder, executable, parse.GetValue(dryRun), "cells", $"dissimnet collect {ShellQuote.Word(folder.Path)}");

            int jobs = parse.GetValue(local) ?? 1;
            using var folderLock = DissimNet.IO.FolderLock.Take(folder.Path);
            using var progress = new ConsoleProgress(console);
            using var ctrlC = new CtrlC();
            try
            {
                var result = LocalCells.Run(folder, executable, jobs, progress, cancel: ctrlC.Token);
                console.Out.WriteLine($"{folder.Path}: {result.Done} cells done, {result.Failed} failed, {result.Skipped} done before; "
                    + $"dissimnet collect {folder.Path} gathers the results");
                return result.Failed > 0 ? 1 : 0;
            }
            catch (OperationCanceledException)
            {
                console.Error.WriteLine($"{folder.Path}: stopped; run the same command again to run the cells not done");
                throw;
            }
        });
        return command;
    }

    /// <summary>Parses every cell's command lines before anything runs, so a mistyped option fails at once, naming the plan.</summary>
    static void CheckCommandLines(CliConsole console, SweepFolder folder)
    {
        var root = CliRunner.CreateRootCommand(console);
        foreach (var cell in folder.Cells)
            foreach (var step in CellSteps.For(folder, cell))
            {
                var parse = CliRunner.Parse(root, CellCommandLine.Arguments(step));
                if (parse.Errors.Count > 0)
                    throw new DissimNetException($"{folder.Plan.Source}: cell {cell.Id}: dissimnet {step.Name}: {parse.Errors[0].Message}");
            }
    }
}
