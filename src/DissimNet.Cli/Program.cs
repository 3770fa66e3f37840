using DissimNet.Cli;

ParentWatch.StartIfAsked();
return CliRunner.Invoke(CliRunner.CreateRootCommand(), args);
