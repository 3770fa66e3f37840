using System.Text.RegularExpressions;
using DissimNet.Cli;

namespace DissimNet.Tests.Architecture;

/// <summary>The library names settings, never command-line flags; the CLI turns settings into its options.</summary>
[Collection("Console")]
public class LibraryMessagesTests
{
    /// <summary>Files that build command lines for child processes (a sweep's cells, Slurm's script): their flags are arguments, not messages.</summary>
    static readonly string[] CommandLineBuilders = ["CellSteps.cs", "SlurmSweep.cs"];

    [Fact]
    public void NoLibraryStringNamesACommandLineFlag()
    {
        var library = Path.Combine(TestPaths.RepoRoot, "src", "DissimNet");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || CommandLineBuilders.Contains(Path.GetFileName(file))) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//")) continue;
                // A string literal (plain or interpolated) holding --word.
                if (Regex.IsMatch(code, "\"[^\"]*--[a-z][^\"]*\""))
                    offenders.Add($"{Path.GetRelativePath(library, file)}:{i + 1}: {code}");
            }
        }
        Assert.True(offenders.Count == 0, "library strings naming CLI flags:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheCliAddsTheOptionsOfTheSettingsAnErrorNames()
    {
        var old = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            int exit = CliRunner.Report(new SettingException("the learning rate must be positive and finite, got -1", "LearningRate"));
            Assert.Equal(CliRunner.BadInput, exit);
        }
        finally
        {
            Console.SetError(old);
        }
        Assert.Equal("error: the learning rate must be positive and finite, got -1 (--lr)", captured.ToString().Trim());
    }
}
