using System.Runtime.Intrinsics.X86;

namespace DissimNet.Networks.Runtime;

/// <summary>One data or unified cache level as the CPU describes it through CPUID.</summary>
internal sealed record CpuCacheLevel(int Level, long Bytes);

/// <summary>What CPUID says about the data caches, and whether that description is usable.</summary>
/// <param name="Vendor">The CPUID vendor string, e.g. GenuineIntel, AuthenticAMD.</param>
/// <param name="Source">Which CPUID leaf the caches were read from.</param>
/// <param name="Caches">Data and unified caches, innermost first.</param>
/// <param name="Plausible">False when the leaf that should describe the caches is empty or describes impossible sizes.</param>
/// <param name="Detail">One line for the user.</param>
internal sealed record CpuCacheReport(string Vendor, string Source, IReadOnlyList<CpuCacheLevel> Caches, bool Plausible, string Detail);

/// <summary>Reads the CPU's cache description the way oneDNN's CPU detection does, to spot machines where it is missing.</summary>
/// <remarks>
/// oneDNN (bundled in libtorch) sizes its float32 convolution blocking from these CPUID leaves. On a virtual
/// machine whose CPUID cache leaves read as zeros (seen on an AMD Zen 5 VM), libtorch 2.10's oneDNN 3.7 returned
/// wrong float32 convolutions (and NaN) for channel counts that are not multiples of 16. An empty or implausible
/// description is the warning sign; the convolution self-check is the proof.
/// </remarks>
internal static class CpuCacheProbe
{
    /// <summary>The raw CPUID instruction: (leaf, subleaf) to (eax, ebx, ecx, edx).</summary>
    public delegate (uint Eax, uint Ebx, uint Ecx, uint Edx) CpuId(uint leaf, uint subleaf);

    const long MinimumL1Bytes = 1024; // no x86 CPU has an L1 data cache below 1 KiB

    /// <summary>Probes this machine; null where CPUID is not available (not x86).</summary>
    public static CpuCacheReport? ProbeThisMachine()
    {
        if (!X86Base.IsSupported) return null;
        return Assess((leaf, sub) =>
        {
            var (a, b, c, d) = X86Base.CpuId(unchecked((int)leaf), unchecked((int)sub));
            return (unchecked((uint)a), unchecked((uint)b), unchecked((uint)c), unchecked((uint)d));
        });
    }

    /// <summary>Reads and judges the cache description from a CPUID function (real or recorded).</summary>
    public static CpuCacheReport Assess(CpuId cpuid)
    {
        var (maxLeaf, b0, c0, d0) = cpuid(0, 0);
        var vendor = VendorString(b0, d0, c0);
        uint maxExtended = cpuid(0x80000000, 0).Eax;
        switch (vendor)
        {
            case "GenuineIntel":
                return maxLeaf >= 4
                    ? Judge(vendor, "CPUID leaf 4", DeterministicCaches(cpuid, 4))
                    : new(vendor, "none", [], true, "no deterministic cache leaf; oneDNN uses its defaults");
            case "AuthenticAMD" or "HygonGenuine":
                bool topologyExtensions = maxExtended >= 0x80000001 && (cpuid(0x80000001, 0).Ecx & (1u << 22)) != 0;
                if (topologyExtensions && maxExtended >= 0x8000001D)
                    return Judge(vendor, "CPUID leaf 0x8000001D", DeterministicCaches(cpuid, 0x8000001D));
                if (maxExtended >= 0x80000006)
                    return Judge(vendor, "CPUID leaves 0x80000005/6", LegacyAmdCaches(cpuid));
                return new(vendor, "none", [], true, "no cache leaves; oneDNN uses its defaults");
            default:
                return new(vendor, "none", [], true, $"vendor {vendor}: cache description not checked");
        }
    }

    static CpuCacheReport Judge(string vendor, string source, List<CpuCacheLevel> caches)
    {
        var l1 = caches.FirstOrDefault(c => c.Level == 1);
        string Sizes() => string.Join(", ", caches.Select(c => $"L{c.Level} {Format(c.Bytes)}"));
        if (caches.Count == 0)
            return new(vendor, source, caches, false, $"{source} describes no data cache");
        if (l1 is null || caches.Any(c => c.Bytes < MinimumL1Bytes))
            return new(vendor, source, caches, false, $"{source} describes implausible data caches ({Sizes()})");
        return new(vendor, source, caches, true, $"{source}: {Sizes()}");
    }

    // Leaf 4 (Intel) and 0x8000001D (AMD) share one layout: one subleaf per cache until type 0.
    static List<CpuCacheLevel> DeterministicCaches(CpuId cpuid, uint leaf)
    {
        var caches = new List<CpuCacheLevel>();
        for (uint sub = 0; sub < 16; sub++)
        {
            var (eax, ebx, ecx, _) = cpuid(leaf, sub);
            uint type = eax & 0x1F;
            if (type == 0) break;
            if (type == 2) continue; // instruction cache
            int level = (int)((eax >> 5) & 0x7);
            long ways = ((ebx >> 22) & 0x3FF) + 1, partitions = ((ebx >> 12) & 0x3FF) + 1, line = (ebx & 0xFFF) + 1, sets = (long)ecx + 1;
            caches.Add(new CpuCacheLevel(level, ways * partitions * line * sets));
        }
        return caches;
    }

    static List<CpuCacheLevel> LegacyAmdCaches(CpuId cpuid)
    {
        var caches = new List<CpuCacheLevel>();
        long l1 = (cpuid(0x80000005, 0).Ecx >> 24) * 1024L;
        var (_, _, ecx6, edx6) = cpuid(0x80000006, 0);
        long l2 = (ecx6 >> 16) * 1024L, l3 = (edx6 >> 18) * 512L * 1024;
        if (l1 > 0) caches.Add(new(1, l1));
        if (l2 > 0) caches.Add(new(2, l2));
        if (l3 > 0) caches.Add(new(3, l3));
        return caches;
    }

    static string VendorString(uint ebx, uint edx, uint ecx)
    {
        Span<byte> bytes = stackalloc byte[12];
        BitConverter.TryWriteBytes(bytes[..4], ebx);
        BitConverter.TryWriteBytes(bytes[4..8], edx);
        BitConverter.TryWriteBytes(bytes[8..], ecx);
        return System.Text.Encoding.ASCII.GetString(bytes).TrimEnd('\0');
    }

    static string Format(long bytes) => bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : bytes >= 1024 ? $"{bytes >> 10} KiB" : $"{bytes} B";
}
