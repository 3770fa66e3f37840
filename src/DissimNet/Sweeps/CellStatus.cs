using System.Text.Json;
using System.Text.Json.Serialization;

namespace DissimNet.Sweeps;

/// <summary>Where a cell stands.</summary>
internal enum CellState
{
    /// <summary>Never started.</summary>
    Pending,

    /// <summary>Started and not finished (or its process died without a word: then it runs again next time).</summary>
    Running,

    /// <summary>Finished with exit code 0; the next run of the sweep skips it.</summary>
    Done,

    /// <summary>Finished with an error; the next run of the sweep runs it again.</summary>
    Failed,
}

/// <summary>The record a cell's runner writes to <c>CELL/status.json</c>.</summary>
internal sealed record CellStatus
{
    /// <summary>The state.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<CellState>))]
    public CellState State { get; init; }

    /// <summary>The exit code of the step that ended the cell (null while running).</summary>
    public int? ExitCode { get; init; }

    /// <summary>The command step running or that ended the cell: train, crossval, rdm or score.</summary>
    public string? Step { get; init; }

    /// <summary>When the cell started (UTC, ISO 8601).</summary>
    public DateTime? Started { get; init; }

    /// <summary>When it ended (UTC).</summary>
    public DateTime? Finished { get; init; }

    /// <summary>Wall time of the cell in seconds.</summary>
    public double? Seconds { get; init; }

    /// <summary>The machine that ran it.</summary>
    public string? Host { get; init; }

    /// <summary>The last error line of a failed cell.</summary>
    public string? Error { get; init; }

    /// <summary>How the file is written: snake_case, indented.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
