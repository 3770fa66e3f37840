using System.Text.RegularExpressions;
using DissimNet.IO;

namespace DissimNet.Tests.Cli;

/// <summary>The commands of the README's "Working with Python and MATLAB" section run as written, on the rsatoolbox fixture.</summary>
public partial class RsatoolboxReadmeTests
{
    [Fact]
    public void ReadmeCommandsRunAndWriteWhatTheySay()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"dissimnet-readme-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(TestPaths.Fixture("hIT_rdms_rsatoolbox.hdf5"), Path.Combine(folder, "hIT_rdms.hdf5"));
            var all = DataSpec.LoadArray(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat") + ":stimuli_92objs.image");
            var images = Path.Combine(folder, "four.npy"); // four stimuli stand in for the folder stimuli/
            Npy.Write(images, new NdArray([4, 175, 175, 3], ((byte[])all.Data)[..(4 * 175 * 175 * 3)], ElementType.UInt8));

            var commands = ReadmeCommands();
            Assert.Equal(6, commands.Count);
            foreach (var command in commands)
            {
                var args = command.Select(a => Localize(a, folder, images)).ToArray();
                var (exit, _, error) = CliHarness.Run(args);
                Assert.True(exit == 0, $"{string.Join(' ', command)}: {error}");
            }

            var mat = MatReader.Read(Path.Combine(folder, "hIT_rdms.mat"));
            Assert.Equal([8, 92, 92], MatSelection.ToArray(mat, "RDMs").Shape);
            Assert.Equal(["subject1", "subject2", "subject3", "subject4", "subject1", "subject2", "subject3", "subject4"], MatSelection.ToStrings(mat, "rdm_subject"));
            var brain = RsatoolboxFile.Read(Path.Combine(folder, "brain_rdms.hdf5"));
            var fixture = RsatoolboxFile.Read(TestPaths.Fixture("hIT_rdms_rsatoolbox.hdf5"));
            Assert.Equal(fixture.Dissimilarities, brain.Dissimilarities); // the same float32 values, widened alike
            var network = RsatoolboxFile.Read(Path.Combine(folder, "resnet_rdms.hdf5"));
            Assert.Equal(["relu", "stage4"], (string[])network.RdmDescriptors.Single(c => c.Name == "layer").Values);
            Assert.Equal("correlation", network.DissimilarityMeasure);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>The dissimnet lines of the section's shell block, split into arguments as a shell would (double quotes kept together).</summary>
    static List<string[]> ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("## Working with Python and MATLAB", StringComparison.Ordinal)..];
        var block = section[(section.IndexOf("```sh\n", StringComparison.Ordinal) + 6)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        return block.Split('\n').Where(l => l.StartsWith("dissimnet ", StringComparison.Ordinal))
            .Select(l => Argument().Matches(l).Select(m => m.Value.Trim('"')).Skip(1).ToArray()).ToList();
    }

    /// <summary>Points the README's relative names at the test folder, $D at the data folder and stimuli/ at the four images.</summary>
    static string Localize(string arg, string folder, string images)
    {
        if (arg == "stimuli/") return images;
        if (arg.StartsWith("$D/", StringComparison.Ordinal)) return TestPaths.Data("92imageData/" + arg[3..]);
        return arg.StartsWith('-') || !arg.Contains('.') ? arg : Path.Combine(folder, arg);
    }

    [GeneratedRegex("\"[^\"]*\"|\\S+")]
    private static partial Regex Argument();
}
