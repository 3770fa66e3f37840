namespace DissimNet.IO;

/// <summary>Every output file goes through here: a writability check before the work, then a write to a temporary
/// name in the same folder that is renamed on success and deleted on failure, so no partial file is ever left.</summary>
/// <remarks>Write failures (read-only folder, full disk, name or path too long) become one
/// <see cref="DissimNetException"/>: "PATH: cannot write (reason)".</remarks>
public static class OutputFile
{
    const int MaxPathBytes = 4096, MaxNameBytes = 255;

    static long written;

    /// <summary>A temporary name for <paramref name="path"/>, unique to this process and call: writers in parallel processes
    /// (crossval's fold jobs writing the same plan) must never share one, or one renames away the other's file.</summary>
    public static string TemporaryPath(string path) => $"{path}.{Environment.ProcessId}-{Interlocked.Increment(ref written)}.tmp";

    /// <summary>Checks up front that <paramref name="path"/> could be written: its folder (or the nearest existing
    /// ancestor, when the folder is still to be created) accepts a file of that name with one byte in it.</summary>
    public static void CheckWritable(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            // A folder still to be created is not probed, so the system's limits (Linux: 255 bytes a name, 4096 a path) are checked here.
            if (System.Text.Encoding.UTF8.GetByteCount(TemporaryPath(full)) >= MaxPathBytes
                || TemporaryPath(full).Split(Path.DirectorySeparatorChar).Any(part => System.Text.Encoding.UTF8.GetByteCount(part) > MaxNameBytes))
                throw new PathTooLongException();
            if (Directory.Exists(full)) throw new DissimNetException($"{path}: cannot write (it is a folder)");
            var folder = Path.GetDirectoryName(full)!;
            var probe = TemporaryPath(full);
            if (!Directory.Exists(folder))
            {
                // The folder will be created by the writer; probe its nearest existing ancestor (often /tmp, shared by
                // concurrent runs, hence a name of this process and call alone).
                while (!Directory.Exists(folder)) folder = Path.GetDirectoryName(folder)!;
                probe = Path.Combine(folder, $".dissimnet-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
            }
            Probe(probe);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            throw CannotWrite(path, e);
        }
    }

    /// <summary>Checks up front that a folder could be created at <paramref name="folder"/> (or that it exists and accepts files).</summary>
    public static void CheckFolderWritable(string folder) => CheckWritable(Path.Combine(folder, ".dissimnet-write-check"));

    /// <summary>Writes <paramref name="path"/> by calling <paramref name="write"/> with a temporary path in the same
    /// folder (creating the folder), then renaming it over <paramref name="path"/>; the temporary is removed on any failure.</summary>
    public static void Write(string path, Action<string> write)
    {
        var temp = TemporaryPath(path);
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null) Directory.CreateDirectory(folder);
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(temp);
            if (IsWriteFailure(e)) throw CannotWrite(path, e);
            throw;
        }
    }

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteBytes(string path, byte[] bytes) => Write(path, temp => File.WriteAllBytes(temp, bytes));

    /// <summary>Writes text atomically.</summary>
    public static void WriteText(string path, string text) => Write(path, temp => File.WriteAllText(temp, text));

    /// <summary>Writes through a stream atomically.</summary>
    public static void WriteStream(string path, Action<Stream> write) => Write(path, temp =>
    {
        using var stream = File.Create(temp);
        write(stream);
    });

    /// <summary>True for the exceptions the file system raises when a file cannot be written.</summary>
    public static bool IsWriteFailure(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>"PATH: cannot write (reason)", with the reason in the operating system's words and without the path repeated.</summary>
    public static DissimNetException CannotWrite(string path, Exception e) => new($"{path}: cannot write ({Reason(e)})", e);

    /// <summary>The operating system's reason for a write failure.</summary>
    public static string Reason(Exception e) => e switch
    {
        PathTooLongException => "File name too long",
        UnauthorizedAccessException => "Permission denied",
        DirectoryNotFoundException => "folder not found",
        _ when e.Message.IndexOf(" : '", StringComparison.Ordinal) is > 0 and var cut => e.Message[..cut],
        _ when e.Message.IndexOf(" : ", StringComparison.Ordinal) is > 0 and var cut => e.Message[..cut],
        _ => e.Message,
    };

    static void Probe(string probe)
    {
        // One byte, flushed: an empty file needs no data blocks, so only a write finds a full disk.
        try
        {
            using var stream = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            stream.WriteByte(0);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            TryDelete(probe);
        }
    }

    static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (Exception e) when (IsWriteFailure(e)) { } // the original failure is the one to report
    }
}
