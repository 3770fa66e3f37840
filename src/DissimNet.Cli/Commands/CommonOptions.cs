using System.CommandLine;
using DissimNet.Rdms;

namespace DissimNet.Cli.Commands;

/// <summary>Options and output helpers shared by the RSA commands.</summary>
internal static class CommonOptions
{
    /// <summary>--metric: how RDMs are compared.</summary>
    public static Option<string> Metric()
    {
        var metric = new Option<string>("--metric") { Description = "How RDMs are compared", DefaultValueFactory = _ => "spearman" };
        metric.AcceptOnlyFromAmong(ComparisonMethods.Names);
        return metric;
    }

    /// <summary>--json: machine-readable output.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object instead of a table" };

    /// <summary>Writes reading warnings to stderr, one line each.</summary>
    public static void WriteWarnings(IEnumerable<string> warnings)
    {
        foreach (var w in warnings) Console.Error.WriteLine($"warning: {w}");
    }
}
