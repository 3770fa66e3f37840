namespace DissimNet.IO;

/// <summary>Marks a run, cross-validation or sweep folder as in use by one running dissimnet, so that a second one started
/// on the same folder (e.g. a rerun while the first is still running, or still stopping) refuses in one line instead of
/// racing it for the same checkpoints.</summary>
/// <remarks>The lock is the operating system's advisory lock on <see cref="FileName"/> (.NET takes it for an exclusive
/// open): it ends with the process however the process ends, so a killed run never leaves a stale lock.</remarks>
internal sealed class FolderLock : IDisposable
{
    /// <summary>The lock file's name inside the folder.</summary>
    public const string FileName = ".dissimnet.lock";

    /// <summary>The file beside it that names the holder's process id, for the message (the locked file itself cannot be
    /// read by another process while it is held).</summary>
    public const string OwnerFileName = ".dissimnet.owner";

    readonly FileStream stream;

    FolderLock(FileStream stream) => this.stream = stream;

    /// <summary>Takes the folder (creating it when missing), or throws <see cref="DissimNetException"/> naming the process that holds it.</summary>
    public static FolderLock Take(string folder)
    {
        OutputFile.CreateFolderWithin(folder, folder);
        var path = Path.Combine(folder, FileName);
        OutputFile.CheckWithin(folder, path); // a link planted in its place is refused, not followed
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            OutputFile.WriteText(Path.Combine(folder, OwnerFileName), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), within: folder);
            RemoveStaleTemporaries(folder);
            return new FolderLock(stream);
        }
        catch (IOException)
        {
            string owner;
            try { owner = File.ReadAllText(Path.Combine(folder, OwnerFileName)).Trim(); }
            catch (IOException) { owner = "?"; }
            if (owner.Length is 0 or > 10 || !owner.All(char.IsAsciiDigit)) owner = "?"; // the folder's text is not trusted
            throw new DissimNetException($"{folder}: another dissimnet (process {owner}) is working in this folder; wait for it to finish or stop it, then run the same command again");
        }
    }

    /// <summary>Deletes the temporary files a killed run left (<see cref="OutputFile.TemporaryPath"/>'s <c>NAME.PID-N.tmp</c>):
    /// with the lock held no other dissimnet writes here, so every one of them is stale. Links are not followed.</summary>
    static void RemoveStaleTemporaries(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(folder, "*.tmp", options))
            if (OutputFile.IsTemporaryName(Path.GetFileName(file)))
                try { File.Delete(file); }
                catch (Exception e) when (OutputFile.IsWriteFailure(e)) { } // left for the next run
    }

    /// <summary>Releases the folder.</summary>
    public void Dispose() => stream.Dispose();
}
