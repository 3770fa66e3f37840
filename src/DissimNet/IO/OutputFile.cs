namespace DissimNet.IO;

/// <summary>Every output file goes through here: a writability check before the work, then a write to a temporary
/// name in the same folder that is renamed on success and deleted on failure, so no partial file is ever left.</summary>
/// <remarks>Write failures (read-only folder, full disk, name or path too long) become one
/// <see cref="DissimNetException"/>: "PATH: cannot write (reason)". Only a missing path or a regular file is ever replaced:
/// a device, FIFO, socket or folder at the path is refused (the rename would replace the node itself: /dev/null would
/// become a regular file), and so is a symbolic link, which is neither followed nor replaced (O_NOFOLLOW semantics:
/// following it would write wherever it points; replacing it would silently break a link the user made on purpose).
/// Writers given a containing folder (<c>within</c>: a sweep, cell or run folder) also refuse a link or non-folder at any
/// component between that folder and the file, so nothing placed in the folder can redirect a write outside it.</remarks>
internal static class OutputFile
{
    const int MaxPathBytes = 4096, MaxNameBytes = 255;

    static long written;

    /// <summary>A temporary name for <paramref name="path"/>, unique to this process and call: writers in parallel processes
    /// (crossval's fold jobs writing the same plan) must never share one, or one renames away the other's file.</summary>
    public static string TemporaryPath(string path) => $"{path}.{Environment.ProcessId}-{Interlocked.Increment(ref written)}.tmp";

    /// <summary>True for a file name <see cref="TemporaryPath"/> makes (<c>NAME.PID-N.tmp</c>).</summary>
    public static bool IsTemporaryName(string name) => TemporaryName.IsMatch(name);

    static readonly System.Text.RegularExpressions.Regex TemporaryName = new(@"\.\d+-\d+\.tmp$");

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
            CheckTarget(path);
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
    /// <param name="path">The file; refused unless it is missing or a regular file (see the remarks of <see cref="OutputFile"/>).</param>
    /// <param name="write">Writes the temporary file it is given (created empty and exclusively beforehand, so it is never a link).</param>
    /// <param name="within">A folder the file lies in whose components below it must be real folders, not links (null: no such check).</param>
    public static void Write(string path, Action<string> write, string? within = null)
    {
        var temp = TemporaryPath(path);
        bool created = false;
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (within is not null) CreateFolderWithin(within, folder!);
            else if (folder is not null) Directory.CreateDirectory(folder);
            CheckTarget(path);
            // O_CREAT|O_EXCL: fails on anything already at the temporary name, a planted link included.
            new FileStream(temp, FileMode.CreateNew, FileAccess.Write).Dispose();
            created = true;
            write(temp);
            CheckTarget(path); // again just before the rename: the write may have taken hours
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e)
        {
            if (created) TryDelete(temp);
            if (IsWriteFailure(e)) throw CannotWrite(path, e);
            throw;
        }
    }

    /// <summary>Refuses <paramref name="path"/> unless nothing is there or it is a regular file: "PATH: cannot write (it is a FIFO (named pipe), not a regular file)".</summary>
    /// <exception cref="DissimNetException">For a folder, device, FIFO, socket or symbolic link at the path.</exception>
    public static void CheckTarget(string path)
    {
        var kind = FileKinds.Of(path);
        if (kind is FileKind.Missing or FileKind.Regular) return;
        throw new DissimNetException($"{path}: cannot write (it is {kind.Describe()}, not a regular file"
            + (kind == FileKind.SymbolicLink ? "; DissimNet neither follows nor replaces links it writes to" : "") + ")");
    }

    /// <summary>Creates <paramref name="folder"/> and its missing parents as real folders, refusing any component below
    /// <paramref name="root"/> that is a symbolic link or not a folder (the root itself is the caller's, and may be a link).</summary>
    /// <exception cref="DissimNetException">"PATH: cannot write (it is a symbolic link, not a folder)", or when the folder lies outside the root.</exception>
    public static void CreateFolderWithin(string root, string folder)
    {
        try
        {
            Directory.CreateDirectory(root);
            foreach (var component in Below(root, folder))
                switch (FileKinds.Of(component))
                {
                    case FileKind.Directory: break;
                    case FileKind.Missing: Directory.CreateDirectory(component); break;
                    case var kind: throw new DissimNetException($"{component}: cannot write (it is {kind.Describe()}, not a folder)");
                }
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            throw CannotWrite(folder, e);
        }
    }

    /// <summary>Checks, without creating anything, that <paramref name="path"/> (a file, or a folder when <paramref name="folder"/>) in
    /// <paramref name="root"/> is reached through real folders only and is itself missing or of that kind, never a link.</summary>
    /// <exception cref="DissimNetException">For a link or other non-folder on the way, or a path of another kind.</exception>
    public static void CheckWithin(string root, string path, bool folder = false)
    {
        var components = Below(root, path);
        for (int i = 0; i < components.Count; i++)
        {
            var kind = FileKinds.Of(components[i]);
            bool last = i == components.Count - 1, wantFolder = !last || folder;
            if (kind == FileKind.Missing) return; // nothing below a missing component exists either
            if (kind == (wantFolder ? FileKind.Directory : FileKind.Regular)) continue;
            throw new DissimNetException($"{components[i]}: cannot write (it is {kind.Describe()}, not {(wantFolder ? "a folder" : "a regular file")})");
        }
    }

    /// <summary>Opens a log file in <paramref name="within"/> for appending (creating it), refusing a link or anything but a regular
    /// file at it or on the way to it, as <see cref="CheckWithin"/> does.</summary>
    public static FileStream OpenAppend(string path, string within)
    {
        CheckWithin(within, path);
        try
        {
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            throw CannotWrite(path, e);
        }
    }

    /// <summary>The full paths from the first component below <paramref name="root"/> down to <paramref name="path"/>.</summary>
    static List<string> Below(string root, string path)
    {
        var top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var relative = Path.GetRelativePath(top, Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
            throw new DissimNetException($"{path}: cannot write (outside {root})");
        var components = new List<string>();
        if (relative == ".") return components;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar)) components.Add(top = Path.Combine(top, part));
        return components;
    }

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteBytes(string path, byte[] bytes) => Write(path, temp => File.WriteAllBytes(temp, bytes));

    /// <summary>Writes text atomically.</summary>
    public static void WriteText(string path, string text, string? within = null) => Write(path, temp => File.WriteAllText(temp, text), within);

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
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
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
