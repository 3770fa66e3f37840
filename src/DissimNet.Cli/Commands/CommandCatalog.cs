using System.CommandLine;

namespace DissimNet.Cli.Commands;

/// <summary>Every subcommand of <c>dissimnet</c>, in the order help lists them.</summary>
internal static class CommandCatalog
{
    /// <summary>Builds the subcommands, each writing through <paramref name="console"/>.</summary>
    public static IEnumerable<Command> All(CliConsole console)
    {
        yield return DemoCommand.Create(console);
        yield return InspectCommand.Create(console);
        yield return LayersCommand.Create(console);
        yield return RdmCommand.Create(console);
        yield return ScoreCommand.Create(console);
        yield return CompareCommand.Create(console);
        yield return NoiseCeilingCommand.Create(console);
        yield return ConvertRdmsCommand.Create(console);
        yield return WeightsCommand.Create(console);
        yield return PlotRdmCommand.Create(console);
        yield return ReportCommand.Create(console);
        yield return TrainCommand.Create(console);
        yield return CrossValCommand.Create(console);
        yield return PredictCommand.Create(console);
        yield return SweepCommand.Create(console);
        yield return SweepCellCommand.Create(console);
        yield return CollectCommand.Create(console);
        yield return ExportCommand.Create(console);
    }
}
