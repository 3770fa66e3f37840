using System.Reflection;

namespace DissimNet.Tests.Build;

/// <summary>The build's repair of libLibTorchSharp.so (build/WeakenGlibcxxRequirement.cs).</summary>
public class LibTorchSharpRepairTests
{
    static string PackagedLibrary()
    {
        var root = typeof(LibTorchSharpRepairTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        return Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    [Fact]
    public void PatchChangesTwoBytesAndIsIdempotent()
    {
        var original = File.ReadAllBytes(PackagedLibrary());
        var patched = (byte[])original.Clone();

        Assert.Equal("patched", WeakenGlibcxxRequirement.Patch(patched));
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Equal(2, changed.Count); // vna_flags low byte and st_info of one symbol

        var again = (byte[])patched.Clone();
        Assert.Equal("already", WeakenGlibcxxRequirement.Patch(again));
        Assert.Equal(patched, again);
    }

    [Fact]
    public void BuildLeavesTheNuGetCacheUntouched()
    {
        // The packaged copy must still need patching: the build edits output copies only.
        Assert.Equal("patched", WeakenGlibcxxRequirement.Patch(File.ReadAllBytes(PackagedLibrary())));
    }

    [Fact]
    public void OutputCopyIsRepairedOrNeedsNoRepair()
    {
        var output = Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).First();
        var expected = WeakenGlibcxxRequirement.SystemLibstdcxxHasVersion() ? "patched" : "already";
        Assert.Equal(expected, WeakenGlibcxxRequirement.Patch(File.ReadAllBytes(output)));
    }

    [Fact]
    public void RejectsFilesThatAreNotElf()
    {
        Assert.Equal("not an ELF file", WeakenGlibcxxRequirement.Patch(new byte[100]));
    }
}
