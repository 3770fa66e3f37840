using System.Text.Json;
using System.Text.Json.Nodes;
using DissimNet.IO;

namespace DissimNet.Sweeps;

/// <summary>The folder of one sweep: its plan, one folder per cell (status, logs and outputs), the Slurm script and the collected results.</summary>
/// <remarks>Layout: <c>plan.json</c> (the plan as run, in JSON whatever it was written in), <c>cells.tsv</c> (index, id and values of every
/// cell, for people), <c>cells/ID/</c> (<c>status.json</c>, <c>stdout.log</c>, <c>stderr.log</c>, <c>command.txt</c> and the command's
/// output: <c>run/</c>, <c>crossval/</c>, or <c>rdm.npy</c> and <c>score.json</c>), <c>sweep.sbatch</c> and <c>slurm/</c> (Slurm's logs),
/// <c>results.csv</c>, <c>results.json</c> and <c>results.html</c> (from collect).</remarks>
internal sealed class SweepFolder
{
    /// <summary>File names inside the folder.</summary>
    public const string PlanFile = "plan.json", CellsTable = "cells.tsv", CellsFolder = "cells", StatusFile = "status.json",
        StdoutLog = "stdout.log", StderrLog = "stderr.log", CommandFile = "command.txt", SlurmScript = "sweep.sbatch", SlurmLogs = "slurm",
        ResultsCsv = "results.csv", ResultsJson = "results.json", ResultsHtml = "results.html";

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The plan the folder was created for.</summary>
    public SweepPlan Plan { get; }

    /// <summary>Every cell of the plan.</summary>
    public IReadOnlyList<SweepCell> Cells { get; }

    SweepFolder(string path, SweepPlan plan)
    {
        Path = path;
        Plan = plan;
        Cells = SweepCell.Expand(plan);
    }

    /// <summary>The folder <paramref name="plan"/> would have at <paramref name="path"/>, without writing anything (to check its cells first).</summary>
    public static SweepFolder Preview(string path, SweepPlan plan) => new(path, plan);

    /// <summary>Creates the folder for <paramref name="plan"/>, or opens it when it was created for the same plan before.</summary>
    /// <exception cref="DissimNetException">When the folder holds another plan (a folder is one sweep, so collect knows its cells).</exception>
    public static SweepFolder Create(string path, SweepPlan plan)
    {
        var planPath = System.IO.Path.Combine(path, PlanFile);
        var json = ToJson(plan).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        if (File.Exists(planPath))
        {
            if (IO.FileBytes.ReadText(planPath, "a sweep plan").Trim() != json.Trim())
                throw new DissimNetException($"{path}: holds a sweep of another plan ({planPath}); choose another output folder");
        }
        else
        {
            OutputFile.CheckFolderWritable(path);
            OutputFile.Write(planPath, temp => File.WriteAllText(temp, json + "\n"), within: path);
        }
        var folder = new SweepFolder(path, SweepPlanReader.Read(planPath));
        OutputFile.Write(System.IO.Path.Combine(path, CellsTable), temp => File.WriteAllLines(temp,
            [TsvRow(["index", "id", .. plan.Varying]),
             .. folder.Cells.Select(c => TsvRow([c.Index.ToString(), c.Id, .. plan.Varying.Select(name => c.Value(name) ?? "")]))]), within: path);
        return folder;
    }

    /// <summary>One row of a tab-separated table, each field escaped as <see cref="TsvField"/> does.</summary>
    public static string TsvRow(IEnumerable<string> fields) => string.Join('\t', fields.Select(TsvField));

    /// <summary>A field that cannot break its row: a backslash, tab, line feed or carriage return is written as <c>\\</c>,
    /// <c>\t</c>, <c>\n</c> or <c>\r</c> (the "linear TSV" escapes). Plan validation refuses control characters already;
    /// this holds for any value, whoever made the plan.</summary>
    public static string TsvField(string value) => value.IndexOfAny(['\\', '\t', '\n', '\r']) < 0 ? value
        : value.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    /// <summary>Opens a sweep folder made by <see cref="Create"/>.</summary>
    public static SweepFolder Open(string path)
    {
        var planPath = System.IO.Path.Combine(path, PlanFile);
        if (!File.Exists(planPath)) throw new DissimNetException($"{path}: not a sweep folder (no {PlanFile})");
        return new SweepFolder(path, SweepPlanReader.Read(planPath));
    }

    /// <summary>The folder of a cell.</summary>
    public string CellPath(SweepCell cell) => System.IO.Path.Combine(Path, CellsFolder, cell.Id);

    /// <summary>A cell's status file.</summary>
    public string StatusPath(SweepCell cell) => System.IO.Path.Combine(CellPath(cell), StatusFile);

    /// <summary>The cell at a grid index (a Slurm array index).</summary>
    public SweepCell CellAt(int index) => index >= 0 && index < Cells.Count ? Cells[index]
        : throw new DissimNetException($"{Path}: has cells 0 to {Cells.Count - 1}, not {index}");

    /// <summary>A cell's last status; pending when it never started, failed when its status file is unreadable.</summary>
    public CellStatus Status(SweepCell cell)
    {
        var path = StatusPath(cell);
        if (!File.Exists(path)) return new CellStatus { State = CellState.Pending };
        try
        {
            var status = JsonSerializer.Deserialize<CellStatus>(IO.FileBytes.ReadText(path, "a cell status"), CellStatus.Json) ?? new CellStatus { State = CellState.Pending };
            // A state no version writes (e.g. 5) counts as failed, so the cell runs again instead of being counted nowhere.
            return Enum.IsDefined(status.State) ? status
                : new CellStatus { State = CellState.Failed, Error = $"{path}: unknown state {(int)status.State}, expected one of {string.Join(", ", Enum.GetNames<CellState>())}" };
        }
        catch (JsonException)
        {
            return new CellStatus { State = CellState.Failed, Error = $"{path}: unreadable status file" };
        }
        catch (DissimNetException e) // not a regular file, or far larger than a status can be
        {
            return new CellStatus { State = CellState.Failed, Error = e.Message };
        }
    }

    /// <summary>Writes a cell's status (atomically, so a reader never sees half a file).</summary>
    public void WriteStatus(SweepCell cell, CellStatus status)
    {
        var json = JsonSerializer.Serialize(status, CellStatus.Json);
        OutputFile.Write(StatusPath(cell), temp => File.WriteAllText(temp, json + "\n"), within: Path);
    }

    /// <summary>Cells still to run: every cell that is not done.</summary>
    public IReadOnlyList<SweepCell> Unfinished() => Cells.Where(c => Status(c).State != CellState.Done).ToList();

    /// <summary>The plan as JSON, in the form <see cref="SweepPlanReader"/> reads back.</summary>
    public static JsonObject ToJson(SweepPlan plan)
    {
        static JsonNode Values(IReadOnlyList<string> values) => new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        var r = plan.Resources;
        var resources = new JsonObject { ["cpus"] = r.Cpus, ["gpus"] = r.Gpus };
        if (r.Memory is { } memory) resources["memory"] = memory;
        if (r.Time is { } time) resources["time"] = time;
        if (r.Partition is { } partition) resources["partition"] = partition;
        return new JsonObject
        {
            ["command"] = plan.Command.Name(),
            ["options"] = new JsonObject(plan.Options.Select(o => KeyValuePair.Create(o.Name, (JsonNode?)Values(o.Values)))),
            ["cases"] = new JsonArray(plan.Cases.Select(c => (JsonNode?)new JsonObject(c.Select(o => KeyValuePair.Create(o.Name, (JsonNode?)Values(o.Values))))).ToArray()),
            ["grid"] = new JsonObject(plan.Grid.Select(a => KeyValuePair.Create(a.Name, (JsonNode?)Values(a.Values)))),
            ["resources"] = resources,
        };
    }
}
