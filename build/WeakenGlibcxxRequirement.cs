// MSBuild task (compiled by RoslynCodeTaskFactory) that lets TorchSharp's libLibTorchSharp.so load
// with libstdc++ from GCC 12 (Debian 12, Ubuntu 22.04: up to GLIBCXX_3.4.30).
//
// The library asks for GLIBCXX_3.4.32 for exactly one symbol, std::ios_base_library_init(), which
// GCC 13's <iostream> references only to drag libstdc++'s stream initialisation into the link;
// nothing calls it. Marking the version requirement weak (VER_FLG_WEAK in .gnu.version_r) and the
// undefined symbol weak (STB_WEAK in .dynsym) lets the dynamic loader accept an older libstdc++.
// The task edits copies in the build or publish output only (written to a temp file and renamed,
// so a hard link into the NuGet cache is never modified), is idempotent, and does nothing when the
// system libstdc++ already provides GLIBCXX_3.4.32 or the OS is not Linux.
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
{
    const string Version = "GLIBCXX_3.4.32";
    const string Symbol = "_ZSt21ios_base_library_initv";
    const ushort VerFlgWeak = 0x2;
    const byte StbWeak = 2;

    /// <summary>Folder searched recursively for libLibTorchSharp.so.</summary>
    [Required]
    public string Directory { get; set; } = "";

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !System.IO.Directory.Exists(Directory))
            return true;
        if (SystemLibstdcxxHasVersion())
            return true;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories))
        {
            try
            {
                var bytes = File.ReadAllBytes(path);
                var outcome = Patch(bytes);
                if (outcome == "patched")
                {
                    var temp = path + ".weakening";
                    File.WriteAllBytes(temp, bytes);
                    File.Replace(temp, path, null); // rename: never writes through a hard link
                    Log.LogMessage(MessageImportance.Normal, $"Marked {Version} weak in {path}");
                }
                else if (outcome != "already")
                {
                    Log.LogWarning($"{path}: not patched ({outcome}); torch may fail to load on this system.");
                }
            }
            catch (Exception e)
            {
                Log.LogWarning($"{path}: could not patch ({e.Message}); torch may fail to load on this system.");
            }
        }
        return true;
    }

    /// <summary>True when the system libstdc++ already provides the version (nothing to repair).</summary>
    public static bool SystemLibstdcxxHasVersion()
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        };
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate)) continue;
            var needle = Encoding.ASCII.GetBytes(Version + "\0");
            return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
        }
        return false; // no libstdc++ found where expected: patching is harmless, so do it
    }

    static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    /// <summary>Edits a 64-bit little-endian ELF image in place; returns "patched", "already" or a reason.</summary>
    public static string Patch(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            return "not an ELF file";
        if (elf[4] != 2 || elf[5] != 1)
            return "not a 64-bit little-endian ELF file";

        long shoff = (long)U64(elf, 0x28);
        int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
        const uint ShtDynsym = 11, ShtGnuVerneed = 0x6ffffffe;
        int dynsym = -1, verneed = -1;
        for (int i = 0; i < shnum; i++)
        {
            uint type = U32(elf, shoff + i * shentsize + 4);
            if (type == ShtDynsym) dynsym = i;
            if (type == ShtGnuVerneed) verneed = i;
        }
        if (dynsym < 0 || verneed < 0) return "no .dynsym or .gnu.version_r section";

        // .gnu.version_r: Elf64_Verneed entries, each with a chain of Elf64_Vernaux entries.
        long vnSec = shoff + verneed * shentsize;
        long vnOff = (long)U64(elf, vnSec + 0x18);
        long vnStr = SectionOffset(elf, shoff, shentsize, (int)U32(elf, vnSec + 0x28));
        long auxFlagsAt = -1;
        for (long entry = vnOff; ;)
        {
            ushort count = U16(elf, entry + 2);
            long aux = entry + U32(elf, entry + 8);
            for (int k = 0; k < count; k++)
            {
                if (CString(elf, vnStr + U32(elf, aux + 8)) == Version) auxFlagsAt = aux + 4;
                uint nextAux = U32(elf, aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = U32(elf, entry + 12);
            if (next == 0) break;
            entry += next;
        }
        if (auxFlagsAt < 0) return "already"; // this build does not need GLIBCXX_3.4.32

        // .dynsym: Elf64_Sym entries of 24 bytes; st_info's high nibble is the binding.
        long dsSec = shoff + dynsym * shentsize;
        long dsOff = (long)U64(elf, dsSec + 0x18), dsSize = (long)U64(elf, dsSec + 0x20);
        long dsStr = SectionOffset(elf, shoff, shentsize, (int)U32(elf, dsSec + 0x28));
        long infoAt = -1;
        for (long sym = dsOff; sym + 24 <= dsOff + dsSize; sym += 24)
            if (CString(elf, dsStr + U32(elf, sym)) == Symbol) { infoAt = sym + 4; break; }
        if (infoAt < 0) return $"symbol {Symbol} not found";

        bool versionWeak = (U16(elf, auxFlagsAt) & VerFlgWeak) != 0;
        bool symbolWeak = elf[infoAt] >> 4 == StbWeak;
        if (versionWeak && symbolWeak) return "already";

        ushort flags = (ushort)(U16(elf, auxFlagsAt) | VerFlgWeak);
        elf[auxFlagsAt] = (byte)flags;
        elf[auxFlagsAt + 1] = (byte)(flags >> 8);
        elf[infoAt] = (byte)((StbWeak << 4) | (elf[infoAt] & 0xF));
        return "patched";
    }

    static long SectionOffset(byte[] elf, long shoff, int shentsize, int index) =>
        (long)U64(elf, shoff + index * shentsize + 0x18);

    static string CString(byte[] b, long at)
    {
        long end = at;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
    }

    static ushort U16(byte[] b, long at) => BitConverter.ToUInt16(b, (int)at);
    static uint U32(byte[] b, long at) => BitConverter.ToUInt32(b, (int)at);
    static ulong U64(byte[] b, long at) => BitConverter.ToUInt64(b, (int)at);
}
