using System.Text.RegularExpressions;
using DissimNet.Cli;

namespace DissimNet.Tests.Architecture;

/// <summary>The library names settings, never command-line flags; the CLI turns settings into its options.</summary>
public class LibraryMessagesTests
{
    [Fact]
    public void NoLibraryStringNamesACommandLineFlag()
    {
        var library = Path.Combine(TestPaths.RepoRoot, "src", "DissimNet");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//")) continue;
                // A string literal (plain or interpolated) holding --word, other than an #SBATCH line of a Slurm script (sbatch's options, not ours).
                if (Regex.IsMatch(code, "\"(?!#SBATCH )[^\"]*--[a-z][^\"]*\""))
                    offenders.Add($"{Path.GetRelativePath(library, file)}:{i + 1}: {code}");
            }
        }
        Assert.True(offenders.Count == 0, "library strings naming CLI flags:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheCliAddsTheOptionsOfTheSettingsAnErrorNames()
    {
        var captured = new StringWriter();
        int exit = CliRunner.Report(new SettingException("the learning rate must be positive and finite, got -1", "LearningRate"), captured);
        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Equal("error: the learning rate must be positive and finite, got -1 (--lr)", captured.ToString().Trim());
    }
}
