using System.CommandLine;

namespace DissimNet.Cli.Commands;

/// <summary>Every subcommand of <c>dissimnet</c>, in the order help lists them.</summary>
public static class CommandCatalog
{
    /// <summary>Builds the subcommands.</summary>
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return InspectCommand.Create();
        yield return LayersCommand.Create();
        yield return RdmCommand.Create();
        yield return ScoreCommand.Create();
        yield return CompareCommand.Create();
        yield return NoiseCeilingCommand.Create();
        yield return ConvertRdmsCommand.Create();
        yield return WeightsCommand.Create();
        yield return PlotRdmCommand.Create();
        yield return ReportCommand.Create();
        yield return TrainCommand.Create();
        yield return CrossValCommand.Create();
        yield return PredictCommand.Create();
        yield return SweepCommand.Create();
        yield return SweepCellCommand.Create();
        yield return CollectCommand.Create();
        yield return ExportCommand.Create();
    }
}
