using DissimNet.Networks.Runtime;

namespace DissimNet.Tests.Networks.Runtime;

/// <summary>The CPUID cache description, read from recorded register values worked out by hand.</summary>
public class CpuCacheProbeTests
{
    const uint Intel = 0, Amd = 1;

    // Vendor strings as CPUID leaf 0 returns them in EBX, EDX, ECX.
    static (uint, uint, uint) VendorRegisters(uint vendor) => vendor == Intel
        ? (0x756E6547u, 0x49656E69u, 0x6C65746Eu)  // "Genu" "ineI" "ntel"
        : (0x68747541u, 0x69746E65u, 0x444D4163u); // "Auth" "enti" "cAMD"

    // One deterministic-cache subleaf: type (1 data, 2 instruction, 3 unified), level, ways, line, sets.
    static (uint, uint, uint, uint) Cache(uint type, uint level, uint ways, uint line, uint sets) =>
        (type | (level << 5), ((ways - 1) << 22) | (line - 1), sets - 1, 0);

    static CpuCacheProbe.CpuId Table(uint vendor, Dictionary<(uint, uint), (uint, uint, uint, uint)> leaves) => (leaf, sub) =>
    {
        if (leaf == 0)
        {
            var (b, d, c) = VendorRegisters(vendor);
            return (vendor == Intel ? 0x1Bu : 0x10u, b, c, d);
        }
        return leaves.TryGetValue((leaf, sub), out var r) ? r : (0, 0, 0, 0);
    };

    [Fact]
    public void IntelLeaf4GivesItsSizes()
    {
        // 48 KiB L1d = 12 ways x 64 B x 64 sets; 2 MiB L2 = 16 x 64 x 2048; the instruction cache is skipped.
        var report = CpuCacheProbe.Assess(Table(Intel, new()
        {
            [(4, 0)] = Cache(1, 1, 12, 64, 64), [(4, 1)] = Cache(2, 1, 8, 64, 64), [(4, 2)] = Cache(3, 2, 16, 64, 2048),
            [(0x80000000, 0)] = (0x80000008, 0, 0, 0),
        }));
        Assert.Equal("GenuineIntel", report.Vendor);
        Assert.True(report.Plausible, report.Detail);
        Assert.Equal([new CpuCacheLevel(1, 48 * 1024), new CpuCacheLevel(2, 2 * 1024 * 1024)], report.Caches);
    }

    [Fact]
    public void AmdVirtualMachineWithEmptyTopologyLeafIsFlagged()
    {
        // The faulty Zen 5 VM: topology extensions announced (0x80000001 ECX bit 22), but leaf 0x8000001D reads as zeros.
        var report = CpuCacheProbe.Assess(Table(Amd, new()
        {
            [(0x80000000, 0)] = (0x80000021, 0, 0, 0), [(0x80000001, 0)] = (0, 0, 1u << 22, 0),
        }));
        Assert.Equal("AuthenticAMD", report.Vendor);
        Assert.False(report.Plausible);
        Assert.Contains("0x8000001D describes no data cache", report.Detail);
    }

    [Fact]
    public void AmdWithTopologyLeafIsPlausible()
    {
        // 48 KiB L1d (12 x 64 x 64), 1 MiB L2 (16 x 64 x 1024), 32 MiB L3 (16 x 64 x 32768).
        var report = CpuCacheProbe.Assess(Table(Amd, new()
        {
            [(0x80000000, 0)] = (0x80000021, 0, 0, 0), [(0x80000001, 0)] = (0, 0, 1u << 22, 0),
            [(0x8000001D, 0)] = Cache(1, 1, 12, 64, 64), [(0x8000001D, 1)] = Cache(2, 1, 8, 64, 64),
            [(0x8000001D, 2)] = Cache(3, 2, 16, 64, 1024), [(0x8000001D, 3)] = Cache(3, 3, 16, 64, 32768),
        }));
        Assert.True(report.Plausible, report.Detail);
        Assert.Equal([1, 2, 3], report.Caches.Select(c => c.Level));
        Assert.Equal(32L << 20, report.Caches[2].Bytes);
    }

    [Fact]
    public void TinyCachesAreImplausible()
    {
        // A leaf that decodes to 1-byte caches (every field zero but the type) is as bad as an empty one.
        var report = CpuCacheProbe.Assess(Table(Intel, new() { [(4, 0)] = (1 | (1 << 5), 0, 0, 0) }));
        Assert.False(report.Plausible);
        Assert.Contains("implausible", report.Detail);
    }

    [Fact]
    public void AmdWithoutTopologyExtensionsUsesLegacyLeaves()
    {
        // 0x80000005 ECX[31:24] = L1d KiB; 0x80000006 ECX[31:16] = L2 KiB, EDX[31:18] = L3 in 512 KiB units.
        var report = CpuCacheProbe.Assess(Table(Amd, new()
        {
            [(0x80000000, 0)] = (0x80000008, 0, 0, 0), [(0x80000005, 0)] = (0, 0, 32u << 24, 0),
            [(0x80000006, 0)] = (0, 0, 512u << 16, 16u << 18),
        }));
        Assert.True(report.Plausible, report.Detail);
        Assert.Equal([32L << 10, 512L << 10, 8L << 20], report.Caches.Select(c => c.Bytes));
    }

    [Fact]
    public void ThisMachineIsDescribed()
    {
        var report = CpuCacheProbe.ProbeThisMachine();
        if (!System.Runtime.Intrinsics.X86.X86Base.IsSupported) { Assert.Null(report); return; }
        Assert.NotNull(report);
        Assert.False(string.IsNullOrWhiteSpace(report.Vendor));
        Assert.False(string.IsNullOrWhiteSpace(report.Detail));
    }
}
