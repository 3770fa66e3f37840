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
internal sealed record SweepPlan(string Source, CellKind Command, IReadOnlyList<PlanOption> Options,
    IReadOnlyList<IReadOnlyList<PlanOption>> Cases, IReadOnlyList<PlanAxis> Grid, CellResources Resources)
{
    /// <summary>Number of cells: the number of cases times the product of the axes' lengths.</summary>
    public int CellCount => Grid.Aggregate(Math.Max(1, Cases.Count), (n, axis) => checked(n * axis.Values.Count));

    /// <summary>Names of the options that vary between cells: the cases' (first seen first), then the grid's axes.</summary>
    public IReadOnlyList<string> Varying => Cases.SelectMany(c => c.Select(o => o.Name)).Distinct().Concat(Grid.Select(a => a.Name)).ToList();
}

/// <summary>One fixed option of a plan: its name (no dashes) and its values (one, or several to repeat it).</summary>
internal sealed record PlanOption(string Name, IReadOnlyList<string> Values);

/// <summary>One axis of a plan's grid: an option name (no dashes) and the values the cells take.</summary>
internal sealed record PlanAxis(string Name, IReadOnlyList<string> Values);

/// <summary>What one cell asks of a Slurm node.</summary>
/// <param name="Cpus">CPUs per task (also the torch threads of the cell).</param>
/// <param name="Memory">Memory per task in Slurm's notation, e.g. "4G"; null leaves it to the cluster's default.</param>
/// <param name="Time">Time limit per task, e.g. "01:00:00"; null leaves it to the partition's default.</param>
/// <param name="Partition">Partition to submit to; null for the default one.</param>
/// <param name="Gpus">GPUs per task (0 on CPU); with GPUs each cell should run with device cuda.</param>
internal sealed record CellResources(int Cpus = 2, string? Memory = "4G", string? Time = "02:00:00", string? Partition = null, int Gpus = 0);

/// <summary>The one check of a plan's values: no control character in any value (a line break would start a new line of
/// the Slurm script, of command.txt or of the results), and each resource in Slurm's own syntax, so that nothing but the
/// value Slurm expects can reach an <c>#SBATCH</c> line.</summary>
internal static partial class PlanValues
{
    /// <summary>Refuses a value with a control character (line feed, carriage return, tab, escape...).</summary>
    /// <exception cref="DissimNetException">"PLAN: WHERE: control characters (line breaks, tabs...) are not allowed in a plan value".</exception>
    public static string Check(string value, string where, string path) => value.Any(char.IsControl)
        ? throw new DissimNetException($"{path}: {where}: control characters (line breaks, tabs...) are not allowed in a plan value, got '{value}'")
        : value;

    /// <summary>Refuses a value for a cell's command line (an option, case or grid value) that starts with '-' but is not a
    /// number: it would be read as an option (<c>--help</c>, <c>--out=/elsewhere</c>), not as the value.</summary>
    /// <exception cref="DissimNetException">"PLAN: WHERE: a plan value may not start with '-' (it would be read as an option), got '...'".</exception>
    public static string CheckArgument(string value, string where, string path) =>
        value.StartsWith('-') && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? throw new DissimNetException($"{path}: {where}: a plan value may not start with '-' (it would be read as an option), got '{value}'; only negative numbers may")
            : value;

    /// <summary>Checks every resource against Slurm's syntax: memory <c>4G</c>, <c>4000M</c> or <c>4000</c> (megabytes); time
    /// <c>MM</c>, <c>MM:SS</c>, <c>HH:MM:SS</c>, <c>D-HH</c>, <c>D-HH:MM</c> or <c>D-HH:MM:SS</c>; partition a name of letters, digits, '_', '.'
    /// and '-' (or several, comma-separated); cpus at least 1 and gpus at least 0.</summary>
    /// <exception cref="DissimNetException">"PLAN: resources.KEY: expected ..., got '...'", naming the first value that is not Slurm's syntax.</exception>
    public static void Check(CellResources resources, string path)
    {
        if (resources.Cpus < 1) throw Expected(path, "cpus", "a whole number of at least 1", resources.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (resources.Gpus < 0) throw Expected(path, "gpus", "a whole number of at least 0", resources.Gpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (resources.Memory is { } memory && !MemorySyntax().IsMatch(memory))
            throw Expected(path, "memory", "Slurm's memory syntax: a whole number with an optional unit K, M, G or T (4G, 4000M, 4000)", memory);
        if (resources.Time is { } time && !TimeSyntax().IsMatch(time))
            throw Expected(path, "time", "Slurm's time syntax: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS", time);
        if (resources.Partition is { } partition && !PartitionSyntax().IsMatch(partition))
            throw Expected(path, "partition", "a partition name of letters, digits, '_', '.' and '-' (several separated by commas)", partition);
    }

    static DissimNetException Expected(string path, string key, string expected, string got) =>
        new($"{path}: resources.{key}: expected {expected}, got '{got}'");

    // \z, not $: $ also matches before a final line feed.
    [System.Text.RegularExpressions.GeneratedRegex(@"\A[0-9]{1,12}[KMGTkmgt]?\z")]
    private static partial System.Text.RegularExpressions.Regex MemorySyntax();

    [System.Text.RegularExpressions.GeneratedRegex(@"\A(?:[0-9]{1,9}(?::[0-9]{1,2}){0,2}|[0-9]{1,5}-[0-9]{1,2}(?::[0-9]{1,2}){0,2})\z")]
    private static partial System.Text.RegularExpressions.Regex TimeSyntax();

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[A-Za-z0-9_.\-]+(?:,[A-Za-z0-9_.\-]+)*\z")]
    private static partial System.Text.RegularExpressions.Regex PartitionSyntax();
}
