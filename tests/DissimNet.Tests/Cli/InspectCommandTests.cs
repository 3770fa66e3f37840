using System.CommandLine;
using DissimNet.Cli;
using DissimNet.Cli.Commands;
using DissimNet.IO;

namespace DissimNet.Tests.Cli;

/// <summary><c>dissimnet inspect</c>: the listing a user sees first, and a one-line error for a broken file.</summary>
public class InspectCommandTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args) => CliHarness.Run(args);

    [Fact]
    public void ListsNestedStructFieldsAsDataSpecs()
    {
        var (exit, output, error) = Run("inspect", TestPaths.Data("92imageData/92_brainRDMs.mat"));
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var lines = output.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToArray();
        Assert.Contains("RDMs struct 1x4x2", lines);
        Assert.Contains("RDMs.RDM single 92x92 in each of 8 elements", lines);
        Assert.Contains("RDMs.name char 1x21 in each of 8 elements", lines);
    }

    [Fact]
    public void TruncatedFileExitsTwoWithOneLineAndNoStackTrace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dissimnet-test-{Guid.NewGuid():N}.mat");
        File.WriteAllBytes(path, File.ReadAllBytes(TestPaths.Fixture("target_meg_v5.mat"))[..5000]);
        var (exit, output, error) = Run("inspect", path);
        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: {path}: file is truncated or corrupt (variable claims 274378 bytes at offset 136, only 4864 left)", error.TrimEnd('\n'));
    }

    [Fact]
    public void NestedStructsAreListedRecursively()
    {
        var inventory = FileInventory.Describe(TestPaths.Data("92imageData/Kriegeskorte_Neuron2008_supplementalData.mat"));
        var image = Assert.Single(inventory, e => e.Spec == "stimuli_92objs.image");
        Assert.Equal(("uint8", "175x175x3", 1), (image.Class, image.Dimensions, image.Depth));
        var mat = Path.Combine(Path.GetTempPath(), $"dissimnet-test-{Guid.NewGuid():N}.mat");
        var b = new IO.MatBytes(bigEndian: false);
        var inner = b.Matrix("", IO.MatBytes.Struct, [1, 1], false, b.FieldNames("v"), b.Matrix("", IO.MatBytes.Double, [2, 2], false, b.Element(IO.MatBytes.MiDouble, b.Doubles(1, 2, 3, 4))));
        File.WriteAllBytes(mat, b.File(b.Matrix("s", IO.MatBytes.Struct, [1, 1], false, b.FieldNames("inner"), inner)));
        Assert.Equal([("s", 0), ("s.inner", 1), ("s.inner.v", 2)], FileInventory.Describe(mat).Select(e => (e.Spec, e.Depth)));
    }
}
