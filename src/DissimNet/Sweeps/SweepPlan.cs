namespace DissimNet.Sweeps;

/// <summary>A grid of independent fits: one <c>dissimnet</c> command, fixed options, and the options that vary.</summary>
/// <param name="Source">The plan file, for messages.</param>
/// <param name="Command">What each cell runs: <c>train</c>, <c>crossval</c> or <c>rdm-score</c> (see <see cref="CellKind"/>).</param>
/// <param name="Options">Options every cell gets, by name without the leading dashes, in file order.</param>
/// <param name="Cases">Option sets that go together (e.g. a preset and the weights it needs), each crossed with the grid; empty for one empty case.</param>
/// <param name="Grid">The axes: option name to its values, in file order; a cell takes one value of each.</param>
/// <param name="Resources">What one cell asks of a cluster node.</param>
/// <remarks>A value is the option's text; <c>true</c> is a flag given without a value, <c>false</c> leaves the option out,
/// and a list repeats the option (e.g. several <c>images</c>/<c>target</c> sets of <c>train</c>).</remarks>
public sealed record SweepPlan(string Source, CellKind Command, IReadOnlyList<PlanOption> Options,
    IReadOnlyList<IReadOnlyList<PlanOption>> Cases, IReadOnlyList<PlanAxis> Grid, CellResources Resources)
{
    /// <summary>Number of cells: the number of cases times the product of the axes' lengths.</summary>
    public int CellCount => Grid.Aggregate(Math.Max(1, Cases.Count), (n, axis) => checked(n * axis.Values.Count));

    /// <summary>Names of the options that vary between cells: the cases' (first seen first), then the grid's axes.</summary>
    public IReadOnlyList<string> Varying => Cases.SelectMany(c => c.Select(o => o.Name)).Distinct().Concat(Grid.Select(a => a.Name)).ToList();
}

/// <summary>One fixed option of a plan: its name (no dashes) and its values (one, or several to repeat it).</summary>
public sealed record PlanOption(string Name, IReadOnlyList<string> Values);

/// <summary>One axis of a plan's grid: an option name (no dashes) and the values the cells take.</summary>
public sealed record PlanAxis(string Name, IReadOnlyList<string> Values);

/// <summary>What one cell asks of a Slurm node.</summary>
/// <param name="Cpus">CPUs per task (also the torch threads of the cell).</param>
/// <param name="Memory">Memory per task in Slurm's notation, e.g. "4G"; null leaves it to the cluster's default.</param>
/// <param name="Time">Time limit per task, e.g. "01:00:00"; null leaves it to the partition's default.</param>
/// <param name="Partition">Partition to submit to; null for the default one.</param>
/// <param name="Gpus">GPUs per task (0 on CPU); with GPUs each cell should run with device cuda.</param>
public sealed record CellResources(int Cpus = 2, string? Memory = "4G", string? Time = "02:00:00", string? Partition = null, int Gpus = 0);
