using System.CommandLine;
using DissimNet.Cli;
using DissimNet.Cli.Commands;

var root = new RootCommand("DissimNet: train deep networks on neural dissimilarities and measure how well any network's representation matches the brain.");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
return CliRunner.Invoke(root, args);
