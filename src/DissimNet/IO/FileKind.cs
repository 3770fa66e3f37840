using System.Runtime.InteropServices;

namespace DissimNet.IO;

/// <summary>What a path names, without following a symbolic link at its last component (lstat).</summary>
internal enum FileKind
{
    /// <summary>Nothing there.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (dangling or not).</summary>
    SymbolicLink,

    /// <summary>A character device, such as /dev/null.</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,

    /// <summary>A named pipe (FIFO).</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,
}

/// <summary>lstat for .NET, which has no portable way to tell a device, FIFO or socket from a regular file.</summary>
/// <remarks>On Linux this is statx(2) with AT_SYMLINK_NOFOLLOW, whose record has one layout on every architecture; elsewhere .NET's own
/// information (directory, link, file) is used, which cannot tell devices from files.</remarks>
internal static class FileKinds
{
    const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, StatxType = 0x1, StatxModeOffset = 28, StatxSize = 256;

    /// <summary>What <paramref name="path"/> is, the last component not followed.</summary>
    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsLinux() && Statx(path) is { } mode) return FromMode(mode);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return FileKind.SymbolicLink;
        if (Directory.Exists(path)) return FileKind.Directory;
        return info.Exists ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>"a character device", "a FIFO"... for messages.</summary>
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        _ => "missing",
    };

    static FileKind FromMode(int mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        0 => FileKind.Missing, // what Statx answers for a path with nothing there
        _ => FileKind.Regular,
    };

    /// <summary>st_mode of the path (not following a final link), 0 for a missing path, or null when statx cannot be called.</summary>
    static int? Statx(string path)
    {
        var buffer = new byte[StatxSize];
        try
        {
            if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) == 0) return BitConverter.ToUInt16(buffer, StatxModeOffset);
            int errno = Marshal.GetLastPInvokeError();
            // ENOENT (2) and ENOTDIR (20): nothing there. Anything else (EACCES...) is left to the write to report.
            return errno is 2 or 20 ? 0 : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false, SetLastError = true)]
    static extern int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);
}
