using System.Text.RegularExpressions;

namespace DissimNet.Tests.Architecture;

/// <summary>Every tensor the library creates names its device, and only the files that hold host data name the CPU.</summary>
/// <remarks>With <c>--device cuda</c>, a tensor created without a device lands on the CPU and meets the network's GPU tensors;
/// the behavioural check (<see cref="Training.DevicePlacementTests"/>) covers the paths it runs, this one every line.</remarks>
public partial class TensorDeviceSourceTests
{
    /// <summary>Files whose tensors are host data by nature: decoded images, ONNX initializers at import, the CPU
    /// convolution self-check, serialised exports, and the device choice itself.</summary>
    static readonly string[] HostFiles = ["ImageTensors.cs", "OnnxTensors.cs", "ConvolutionSelfCheck.cs", "OnnxProtoBuilder.cs", "ComputeDevice.cs"];

    [GeneratedRegex(@"(?<![\w.])(?:torch\.)?(tensor|zeros|ones|full|empty|arange|rand|randn|randint|linspace|eye|as_tensor|from_array)\(")]
    private static partial Regex Factory();

    [GeneratedRegex(@"(?<![\w""])(CPU|DeviceType\.CPU)(?![\w""])")]
    private static partial Regex NamesTheCpu();

    static IEnumerable<(string File, string Code)> LibrarySources() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src", "DissimNet"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (f, Code(File.ReadAllText(f))));

    /// <summary>The source without comments and string contents (so words in messages do not count).</summary>
    static string Code(string source)
    {
        var noComments = SourceDependencies.WithoutComments(source);
        return Regex.Replace(noComments, @"""(?:[^""\\\n]|\\.)*""", "\"\"");
    }

    [Fact]
    public void EveryTensorFactoryCallNamesADevice()
    {
        var missing = new List<string>();
        foreach (var (file, code) in LibrarySources())
            foreach (Match m in Factory().Matches(code))
            {
                var arguments = Arguments(code, m.Index + m.Length);
                if (!arguments.Contains("device:")) missing.Add($"{Path.GetFileName(file)}: {m.Value}{arguments})");
            }
        Assert.True(missing.Count == 0, "tensor created without a device:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void OnlyHostDataFilesNameTheCpu()
    {
        var found = LibrarySources()
            .Where(s => !HostFiles.Contains(Path.GetFileName(s.File)))
            .SelectMany(s => s.Code.Split('\n').Where(l => NamesTheCpu().IsMatch(l)).Select(l => $"{Path.GetFileName(s.File)}: {l.Trim()}"))
            .ToList();
        Assert.True(found.Count == 0, "a hard-coded CPU device:\n" + string.Join("\n", found));
    }

    [Fact]
    public void TheScanFindsADevicelessCall()
    {
        var code = Code("var a = tensor(flat); var b = tensor(flat, device: z.device); // tensor(x)\nvar s = \"tensor(x)\";");
        var calls = Factory().Matches(code).Select(m => Arguments(code, m.Index + m.Length)).ToList();
        Assert.Equal(["flat", "flat, device: z.device"], calls);
        Assert.Matches(NamesTheCpu(), "x.to(CPU)");
        Assert.DoesNotMatch(NamesTheCpu(), "x.cpu()");
    }

    /// <summary>The text between an opening parenthesis (just before <paramref name="start"/>) and its match.</summary>
    static string Arguments(string code, int start)
    {
        int depth = 1, i = start;
        for (; i < code.Length && depth > 0; i++)
            depth += code[i] switch { '(' => 1, ')' => -1, _ => 0 };
        return code[start..(i - 1)];
    }
}
