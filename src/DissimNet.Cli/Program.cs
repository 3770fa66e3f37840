using DissimNet.Cli;

return CliRunner.Invoke(CliRunner.CreateRootCommand(), args);
