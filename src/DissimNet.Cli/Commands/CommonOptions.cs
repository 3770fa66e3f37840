using System.CommandLine;
using DissimNet.Rdms;
using DissimNet.Statistics;

namespace DissimNet.Cli.Commands;

/// <summary>Options and output helpers shared by the RSA commands.</summary>
internal static class CommonOptions
{
    /// <summary>--metric: how RDMs are compared.</summary>
    public static Option<string> Metric()
    {
        var metric = new Option<string>("--metric")
        {
            Description = "How RDMs are compared: spearman, pearson (corr), kendall-tau-a (tau-a), cosine, or rsatoolbox's rho-a, tau-b (kendall), corr-cov (corr_cov), cosine-cov (cosine_cov)",
            DefaultValueFactory = _ => "spearman",
        };
        metric.AcceptOnlyFromAmong(ComparisonMethods.AcceptedNames);
        return metric;
    }

    /// <summary>--nc-pooling: how subjects' RDMs are pooled for the noise ceiling.</summary>
    public static Option<string> NoiseCeilingPooling()
    {
        var pooling = new Option<string>("--nc-pooling")
        {
            Description = "How the noise ceiling pools subjects' RDMs: matched (as rsatoolbox: ranks for rank methods, z-scores for correlations, root-mean-square scaling for cosines, then the mean) or raw (the mean of the RDMs as they are)",
            DefaultValueFactory = _ => "matched",
        };
        pooling.AcceptOnlyFromAmong(NoiseCeilingPoolings.Names);
        return pooling;
    }

    /// <summary>--epoch of a trained run (export, predict): a whole number of at least 0, parsed here so that "abc", "1.5" or a
    /// number past int's range is one parse error ("--epoch: expected ...") and never an exception.</summary>
    public static Option<int?> Epoch() => new("--epoch")
    {
        Description = "Weights after this epoch (default: the run's selected best epoch; 0 = before training)",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int epoch))
                result.AddError($"--epoch must be 0 (before training) or a trained epoch (a whole number), got '{text}'");
            else if (epoch < 0)
                result.AddError($"--epoch must be 0 (before training) or a trained epoch, got {epoch}");
            else
                return epoch;
            return null;
        },
    };

    /// <summary>--json: machine-readable output.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object instead of a table" };

    /// <summary>The command line as the user typed it, <c>dissimnet</c> first, for run folders and reports; arguments are quoted for a POSIX shell where needed.</summary>
    public static string CommandLine(ParseResult parse) =>
        string.Join(" ", new[] { "dissimnet" }.Concat(parse.Tokens.Select(t => ShellQuote(t.Value))));

    static string ShellQuote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "-_./:=,+@%[]".Contains(c)) ? value : "'" + value.Replace("'", "'\\''") + "'";

    /// <summary>Writes reading warnings to <paramref name="console"/>'s stderr, one line each.</summary>
    public static void WriteWarnings(CliConsole console, IEnumerable<string> warnings)
    {
        foreach (var w in warnings) console.Warning(w);
    }
}
